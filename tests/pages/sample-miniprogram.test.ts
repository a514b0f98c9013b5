/**
 * The sample mini-program (samples/miniprogram) driven as a user would: the
 * index list of feature cards (a custom component) opens the upload page;
 * choose a photo → preview appears → upload to the echo server over real
 * HTTPS → progress reaches 100 → the server's answer is shown. Abort and a
 * cancelled chooser too.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const mpsim: any;
declare const wx: any;

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'miniprogram');

afterEach(() => mpsim.network.reset());

async function openUpload() {
  const app = await mpsim.launch(SAMPLE);
  await app.currentPage.tap('#feature-upload .card');
  await app.currentPage.waitFor(() => app.currentPage.route === 'pages/upload/upload');
  return { app, page: app.currentPage };
}

describe('sample mini-program', () => {
  test('index lists the features with the feature-card component', async () => {
    const app = await mpsim.launch(SAMPLE);
    const page = app.currentPage;
    expect(page.$$('feature-card').length).toBe(2);
    expect(page.text('#feature-upload .card-title')).toBe('Upload a photo');
    expect(page.$('#feature-soon .card-desc')).toBeNull();
    await page.tap('#feature-soon .card');
    await mpsim.idle();
    expect(app.toasts.map((t: any) => t.title)).toEqual(['Coming soon']);
    expect(app.pageStack).toHaveLength(1);
  });

  test('choose → preview → upload → progress 100 → the server answer is shown', async () => {
    const { app, page } = await openUpload();
    expect(page.options).toEqual({ from: 'index' });
    expect(page.$('#preview')).toBeNull();
    mpsim.user.pick([0]);
    await page.tap('#choose');
    await page.waitFor('#preview');
    const src = page.$('#preview')!.getAttribute('src')!;
    expect(src).toMatch(/^wxfile:\/\/tmp_[0-9a-f]{32}\.(jpg|jpeg|png)$/);
    const bytes = fs.readFileSync(mpsim.device.toHostPath(src));

    await page.tap('#upload');
    await page.waitFor('#result', { timeout: 15000 });
    expect(page.data.progress).toBe(100);
    expect(page.$('#progress')!.getAttribute('percent')).toBe('100');
    expect(page.text('#result .status')).toBe('HTTP 200');
    expect(page.text('#result .bytes')).toBe(`${bytes.length} bytes`);
    expect(page.text('#result .md5')).toBe(createHash('md5').update(bytes).digest('hex'));
    expect(page.text('#result .filename')).toBe(path.posix.basename(src.replace('wxfile://', '')));
    expect(page.data.result.user).toBe('sample');
    expect(page.$('#abort')).toBeNull();
    expect(page.$('#error')).toBeNull();
    expect(app.currentPage).toBe(page);
  });

  test('abort during the upload shows the fail message', async () => {
    const { page } = await openUpload();
    await page.tap('#choose');
    await page.waitFor('#preview');
    // Slow the phone's uplink so the user has time to tap Abort.
    mpsim.network.throttle({ upload: 20 * 1024 });
    await page.tap('#upload');
    await page.waitFor('#abort');
    await page.tap('#abort');
    await page.waitFor('#error', { timeout: 15000 });
    expect(page.text('#error')).toBe('uploadFile:fail abort');
    expect(page.$('#result')).toBeNull();
    expect(page.data.progress).toBeLessThan(100);
    expect(page.data.uploading).toBe(false);
  });

  test('cancel in the chooser: nothing chosen, nothing uploaded, no error', async () => {
    const { page } = await openUpload();
    const before = mpsim.network.servers.echo.log.length;
    mpsim.user.cancelNext();
    await page.tap('#choose');
    await mpsim.idle();
    await page.tap('#upload').catch(() => undefined);
    await mpsim.idle();
    expect(page.$('#preview')).toBeNull();
    expect(page.$('#upload')).toBeNull();
    expect(page.$('#error')).toBeNull();
    expect(page.data.image).toBe('');
    expect(mpsim.network.servers.echo.log.length).toBe(before);
    expect(typeof wx.uploadFile).toBe('function');
  });
});

describe('README "Testing pages" example', () => {
  test('runs as written', async () => {
    const app = await mpsim.launch('samples/miniprogram'); // → pages/index/index, after onReady
    const page = await app.navigateTo('pages/upload/upload?from=test');
    expect(page.options).toEqual({ from: 'test' });

    mpsim.user.pick([0]); // the user picks album item 0
    await page.tap('#choose'); // bindtap → wx.chooseImage
    await page.waitFor('#preview'); // the <image> appears
    await page.tap('#upload'); // wx.uploadFile to the echo server
    await page.waitFor((p: any) => p.data.progress === 100 && p.$('#result') !== null);
    expect(page.text('#result .status')).toBe('HTTP 200');
    expect(page.html()).toContain('<progress id="progress" percent="100"');
  });
});
