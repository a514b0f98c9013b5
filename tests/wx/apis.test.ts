/**
 * Depth of the simulated and scripted APIs: permissions answered by the
 * scripted user and remembered, position and location updates, album saving,
 * video info, foreground/background, the update manager, a real worker thread,
 * audio contexts' events, createAnimation's export format, the menu button.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSimulator } from '../../index';

declare const wx: any;
declare const mpsim: any;

test('permissions: first use prompts (scripted answer), the answer is remembered, openSetting changes it', async () => {
  mpsim.user.answerAuthorize('deny');
  await expect(wx.getLocation()).rejects.toEqual({ errMsg: 'getLocation:fail auth deny' });
  // denied before: no prompt again, even though the next answer would allow
  await expect(wx.authorize({ scope: 'scope.userLocation' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny' });
  expect((await wx.getSetting()).authSetting).toEqual({ 'scope.userLocation': false });
  mpsim.user.changeSettings({ 'scope.userLocation': true });
  expect((await wx.openSetting()).authSetting).toEqual({ 'scope.userLocation': true });
  const here = await wx.getLocation({ type: 'wgs84' });
  expect(here).toMatchObject({ errMsg: 'getLocation:ok', latitude: 23.099994, longitude: 113.32452 });
  const gcj = await wx.getLocation({ type: 'gcj02' });
  expect(Math.abs(gcj.latitude - here.latitude)).toBeLessThan(0.01);
  expect(gcj.longitude).not.toBe(here.longitude);
});

test('location updates: onLocationChange fires on start and on every move until stopped', async () => {
  const seen: any[] = [];
  wx.onLocationChange((r: any) => seen.push(r));
  await wx.startLocationUpdate();
  await mpsim.idle();
  mpsim.phone.moveTo({ latitude: 39.9, longitude: 116.4 });
  await mpsim.idle();
  await wx.stopLocationUpdate();
  mpsim.phone.moveTo({ latitude: 31.2, longitude: 121.5 });
  await mpsim.idle();
  expect(seen).toHaveLength(2);
  expect(seen[1].latitude).toBeCloseTo(39.9, 1);
});

test('scripted user: payment, scan, profile, address, chooseLocation', async () => {
  mpsim.user.pay('cancel');
  const pay = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' };
  await expect(wx.requestPayment(pay)).rejects.toEqual({ errMsg: 'requestPayment:fail cancel' });
  await expect(wx.requestPayment(pay)).resolves.toEqual({ errMsg: 'requestPayment:ok' });
  mpsim.user.scan({ result: 'https://x.test/?a=1', scanType: 'QR_CODE' }, 'cancel');
  expect(await wx.scanCode()).toMatchObject({ errMsg: 'scanCode:ok', result: 'https://x.test/?a=1', charSet: 'utf-8' });
  await expect(wx.scanCode()).rejects.toEqual({ errMsg: 'scanCode:fail cancel' });
  mpsim.user.setProfile({ nickName: 'Ann' });
  mpsim.user.answerProfile('deny');
  await expect(wx.getUserProfile({ desc: 'x' })).rejects.toEqual({ errMsg: 'getUserProfile:fail auth deny' });
  expect((await wx.getUserProfile({ desc: 'x' })).userInfo.nickName).toBe('Ann');
  mpsim.user.chooseAddress({ userName: 'Bob' });
  expect(await wx.chooseAddress()).toMatchObject({ userName: 'Bob', cityName: '广州市' });
  mpsim.user.chooseLocation({ name: 'P', address: 'A', latitude: 1, longitude: 2 });
  expect(await wx.chooseLocation()).toEqual({ errMsg: 'chooseLocation:ok', name: 'P', address: 'A', latitude: 1, longitude: 2 });
  expect(() => mpsim.user.pay('maybe')).toThrow(/answers must be/);
});

test('video: getVideoInfo, compressVideo, and saving into the album behind scope.writePhotosAlbum', async () => {
  const { tempFiles } = await wx.chooseMedia({ count: 1, mediaType: ['video'] });
  const src = tempFiles[0].tempFilePath;
  const info = await wx.getVideoInfo({ src });
  expect(info).toMatchObject({ errMsg: 'getVideoInfo:ok', type: 'mp4' });
  expect(info.width).toBeGreaterThan(0);
  expect(info.duration).toBeGreaterThan(0);
  const c = await wx.compressVideo({ src, quality: 'low', bitrate: 1000, fps: 30, resolution: 0.5 });
  expect(c.tempFilePath).toMatch(/\.mp4$/);
  const before = mpsim.album.list().length;
  mpsim.user.answerAuthorize('deny');
  await expect(wx.saveVideoToPhotosAlbum({ filePath: src })).rejects.toEqual({ errMsg: 'saveVideoToPhotosAlbum:fail auth deny' });
  mpsim.user.setAuthorized('scope.writePhotosAlbum', true);
  await wx.saveVideoToPhotosAlbum({ filePath: c.tempFilePath });
  expect(mpsim.album.list()).toHaveLength(before + 1);
  expect(mpsim.album.list()[before].kind).toBe('video');
});

test('onAppHide / onAppShow follow mpsim.phone.background()/foreground()', async () => {
  const seen: string[] = [];
  wx.onAppHide(() => seen.push('hide'));
  wx.onAppShow((o: any) => seen.push(`show ${o.scene}`));
  mpsim.phone.background();
  mpsim.phone.foreground({ scene: 1038 });
  await mpsim.idle();
  expect(seen).toEqual(['hide', 'show 1038']);
  expect(wx.getEnterOptionsSync().scene).toBe(1038);
  expect(wx.getLaunchOptionsSync().scene).toBe(1001);
});

test('update manager: a scripted ready update', async () => {
  mpsim.phone.setUpdate({ hasUpdate: true, ready: true });
  const seen: string[] = [];
  const um = wx.getUpdateManager();
  um.onCheckForUpdate((r: any) => seen.push(`check ${r.hasUpdate}`));
  um.onUpdateReady(() => (seen.push('ready'), um.applyUpdate()));
  await mpsim.idle();
  expect(seen).toEqual(['check true', 'ready']);
  expect(mpsim.phone.records('UpdateManager.applyUpdate')).toHaveLength(1);
});

test('audio: play/pause/seek fire their events; a test can fire Ended', async () => {
  const a = wx.createInnerAudioContext();
  const seen: string[] = [];
  for (const e of ['Canplay', 'Play', 'Pause', 'Seeking', 'Seeked', 'Ended']) a[`on${e}`](() => seen.push(e));
  a.src = 'https://x.test/a.mp3';
  a.play();
  a.seek(3);
  a.pause();
  await mpsim.idle();
  expect(a.paused).toBe(true);
  expect(a.currentTime).toBe(3);
  const handle = mpsim.phone.contexts.find((c: any) => c.object === a);
  handle.emit('Ended');
  await mpsim.idle();
  expect(seen).toEqual(['Canplay', 'Play', 'Seeking', 'Seeked', 'Pause', 'Ended']);
  expect(mpsim.phone.records('InnerAudioContext.play')).toHaveLength(1);
  const v = wx.createVideoContext('v');
  v.requestFullScreen({ direction: 90 });
  expect(mpsim.phone.records('VideoContext.requestFullScreen')[0].args).toEqual([{ direction: 90 }]);
});

test('createAnimation: step() groups and export() in the client format', () => {
  const an = wx.createAnimation({ duration: 300, timingFunction: 'ease' });
  an.opacity(0.5).width(100).rotate(45).step().translate(10, 20).step({ duration: 100 });
  expect(an.export()).toEqual({
    actions: [
      {
        animates: [
          { type: 'style', args: ['opacity', 0.5] },
          { type: 'style', args: ['width', '100px'] },
          { type: 'rotate', args: [45] },
        ],
        option: { transformOrigin: '50% 50% 0', transition: { duration: 300, timingFunction: 'ease', delay: 0 } },
      },
      {
        animates: [{ type: 'translate', args: [10, 20] }],
        option: { transformOrigin: '50% 50% 0', transition: { duration: 100, timingFunction: 'ease', delay: 0 } },
      },
    ],
  });
  expect(an.export()).toEqual({ actions: [] });
});

test('menu button rectangle for the simulated model; nextTick runs before the next macrotask', async () => {
  const sys = wx.getSystemInfoSync();
  const r = wx.getMenuButtonBoundingClientRect();
  expect(r).toEqual({
    width: 87,
    height: 32,
    top: sys.statusBarHeight + 8,
    right: sys.screenWidth - 7,
    bottom: sys.statusBarHeight + 40,
    left: sys.screenWidth - 94,
  });
  const order: string[] = [];
  setTimeout(() => order.push('timeout'), 0);
  wx.nextTick(() => order.push('tick'));
  await new Promise((res) => setTimeout(res, 5));
  expect(order).toEqual(['tick', 'timeout']);
});

test('createWorker: a real worker thread runs the project script; messages both ways', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-worker-'));
  fs.mkdirSync(path.join(dir, 'workers'));
  fs.writeFileSync(
    path.join(dir, 'workers', 'index.js'),
    "const { threadId } = require('node:worker_threads');\nworker.onMessage((m) => worker.postMessage({ doubled: m.n * 2, threadId }));\n",
  );
  const sim = await createSimulator({ cloud: false, packageDir: dir });
  try {
    const w = (sim.wx as any).createWorker('workers/index.js');
    const got = new Promise<any>((resolve) => w.onMessage(resolve));
    w.postMessage({ n: 21 });
    const m = await got;
    expect(m.doubled).toBe(42);
    expect(m.threadId).toBeGreaterThan(0);
    expect(() => (sim.wx as any).createWorker('workers/index.js')).toThrow('createWorker:fail exceed max concurrent workers limit');
    w.terminate();
    await sim.mpsim.idle();
  } finally {
    await sim.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
