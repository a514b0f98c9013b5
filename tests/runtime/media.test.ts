/**
 * wx media choosers and image APIs on the jest environment's phone: real album
 * bytes copied to real temp files, decoded back to check what came out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { createSimulator, type Simulator } from '../../index';

declare const wx: any;
declare const mpsim: any;

const TEMP = /^wxfile:\/\/tmp_[0-9a-f]{32}\.(jpg|png|mp4)$/;

/** Promise style, resolving with the fail object too (so tests can compare errMsg). */
function settle(p: Promise<any>): Promise<any> {
  return p.then(
    (ok) => ok,
    (fail) => fail,
  );
}

const bytesOf = (wxPath: string) => fs.readFileSync(mpsim.device.toHostPath(wxPath));
const albumBytes = (index: number) => fs.readFileSync(mpsim.album.list()[index].hostPath);
const jpegSize = (buf: Buffer) => {
  const d = jpeg.decode(buf, { useTArray: true });
  return [d.width, d.height];
};

function paramError(api: string, name: string, expected: string, actual: string) {
  return { errMsg: `${api}:fail parameter error: parameter.${name} should be ${expected} instead of ${actual};`, errno: 1001 };
}

describe('wx.chooseImage', () => {
  test('default: every image of the album, as temp copies of the real bytes', async () => {
    const res = await wx.chooseImage({});
    expect(Object.keys(res).sort()).toEqual(['errMsg', 'tempFilePaths', 'tempFiles']);
    expect(res.errMsg).toBe('chooseImage:ok');
    expect(res.tempFilePaths).toHaveLength(4);
    expect(res.tempFiles.map((f: any) => f.path)).toEqual(res.tempFilePaths);
    res.tempFiles.forEach((f: any, i: number) => {
      expect(f.path).toMatch(TEMP);
      expect(Object.keys(f).sort()).toEqual(['path', 'size']);
      expect(f.size).toBe(mpsim.album.list()[i].size);
      expect(bytesOf(f.path)).toEqual(albumBytes(i));
    });
    expect(res.tempFilePaths[3]).toMatch(/\.png$/);
    expect(jpegSize(bytesOf(res.tempFilePaths[0]))).toEqual([640, 480]);
    // each pick is a fresh file
    const again = await wx.chooseImage({ count: 1 });
    expect(again.tempFilePaths[0]).not.toBe(res.tempFilePaths[0]);
  });

  test('callback style: success then complete', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) =>
      wx.chooseImage({ count: 1, success: (r: any) => seen.push(r.errMsg), complete: (r: any) => (seen.push(`c:${r.errMsg}`), resolve()) }),
    );
    expect(seen).toEqual(['chooseImage:ok', 'c:chooseImage:ok']);
  });

  test("sizeType ['compressed'] re-encodes as a smaller real JPEG, upright", async () => {
    const res = await wx.chooseImage({ sizeType: ['compressed'], count: 4 });
    res.tempFiles.forEach((f: any, i: number) => {
      expect(f.path).toMatch(/\.jpg$/);
      expect(f.size).toBe(bytesOf(f.path).length);
      expect(f.size).toBeLessThan(mpsim.album.list()[i].size);
    });
    expect(res.tempFiles.map((f: any) => jpegSize(bytesOf(f.path)))).toEqual([
      [640, 480],
      [480, 640],
      [240, 320], // IMG_0003 has EXIF orientation 6: turned upright
      [256, 256], // the PNG became a JPEG
    ]);
    const original = await wx.chooseImage({ sizeType: ['original', 'compressed'], count: 1 });
    expect(bytesOf(original.tempFilePaths[0])).toEqual(albumBytes(0));
  });

  test('mpsim.user.pick / cancelNext drive the next chooser only', async () => {
    mpsim.user.pick([2, 0]);
    const picked = await wx.chooseImage({});
    expect(picked.tempFiles.map((f: any) => f.size)).toEqual([mpsim.album.list()[2].size, mpsim.album.list()[0].size]);
    mpsim.user.cancelNext();
    await expect(wx.chooseImage({})).rejects.toEqual({ errMsg: 'chooseImage:fail cancel' });
    expect((await wx.chooseImage({ count: 1, sourceType: ['camera'] })).tempFilePaths).toHaveLength(1);
  });

  test('a scripted pick that does not fit fails clearly', async () => {
    mpsim.user.pick([4]);
    expect(await settle(wx.chooseImage({}))).toEqual({
      errMsg: 'chooseImage:fail mpsim: album item 4 is a video, this chooser accepts image',
    });
    mpsim.user.pick([99]);
    expect(await settle(wx.chooseImage({}))).toEqual({
      errMsg: 'chooseImage:fail mpsim: album item 99 does not exist (the album has 5 items)',
    });
    mpsim.user.pick([0, 1, 2]);
    expect(await settle(wx.chooseImage({ count: 2 }))).toEqual({
      errMsg: 'chooseImage:fail mpsim: user.pick picked 3 items but count is 2',
    });
  });

  test('bad input', async () => {
    expect(await settle(wx.chooseImage({ count: '3' }))).toEqual(paramError('chooseImage', 'count', 'Number', 'String'));
    for (const count of [0, -1, 1.5, NaN]) {
      expect(await settle(wx.chooseImage({ count }))).toEqual({
        errMsg: `chooseImage:fail parameter error: parameter.count should be an integer between 1 and 9 instead of ${count};`,
        errno: 1001,
      });
    }
    expect(await settle(wx.chooseImage({ sizeType: 'compressed' }))).toEqual(paramError('chooseImage', 'sizeType', 'Array', 'String'));
    expect(await settle(wx.chooseImage({ sizeType: ['big'] }))).toEqual({
      errMsg: 'chooseImage:fail parameter error: parameter.sizeType[0] should be one of "original", "compressed" instead of "big";',
      errno: 1001,
    });
    expect(await settle(wx.chooseImage({ sourceType: ['album', 'gallery'] }))).toEqual({
      errMsg: 'chooseImage:fail parameter error: parameter.sourceType[1] should be one of "album", "camera" instead of "gallery";',
      errno: 1001,
    });
    expect(await settle(wx.chooseImage('album'))).toEqual({
      errMsg: 'chooseImage:fail parameter error: parameter should be Object instead of String;',
      errno: 1001,
    });
  });
});

describe('wx.chooseMedia', () => {
  test('default (image + video, no mix): one kind, image entries without video fields', async () => {
    const res = await wx.chooseMedia({});
    expect(res.type).toBe('image');
    expect(res.tempFiles).toHaveLength(4);
    for (const f of res.tempFiles) {
      expect(Object.keys(f).sort()).toEqual(['fileType', 'size', 'tempFilePath']);
      expect(f.fileType).toBe('image');
      expect(f.tempFilePath).toMatch(TEMP);
    }
  });

  test("mediaType ['video']: real MP4 copy with duration, size, dimensions and a real JPEG thumbnail", async () => {
    const res = await wx.chooseMedia({ mediaType: ['video'] });
    expect(res.type).toBe('video');
    expect(res.tempFiles).toHaveLength(1);
    const v = res.tempFiles[0];
    expect(Object.keys(v).sort()).toEqual(['duration', 'fileType', 'height', 'size', 'tempFilePath', 'thumbTempFilePath', 'width']);
    expect(v).toMatchObject({ fileType: 'video', duration: 2, width: 320, height: 240, size: albumBytes(4).length });
    expect(v.tempFilePath).toMatch(/^wxfile:\/\/tmp_[0-9a-f]{32}\.mp4$/);
    expect(bytesOf(v.tempFilePath)).toEqual(albumBytes(4));
    expect(v.thumbTempFilePath).toMatch(/^wxfile:\/\/tmp_[0-9a-f]{32}\.jpg$/);
    expect(jpegSize(bytesOf(v.thumbTempFilePath))).toEqual([320, 240]);
  });

  test("mediaType ['mix'] and scripted mixed picks", async () => {
    const all = await wx.chooseMedia({ mediaType: ['mix'] });
    expect(all.type).toBe('mix');
    expect(all.tempFiles.map((f: any) => f.fileType)).toEqual(['image', 'image', 'image', 'image', 'video']);
    mpsim.user.pick([4, 1]);
    const two = await wx.chooseMedia({ mediaType: ['mix'], count: 2 });
    expect(two.type).toBe('mix');
    expect(two.tempFiles.map((f: any) => f.fileType)).toEqual(['video', 'image']);
    mpsim.user.pick([4]);
    expect((await wx.chooseMedia({})).type).toBe('video');
    mpsim.user.pick([0, 4]);
    expect(await settle(wx.chooseMedia({}))).toEqual({
      errMsg: "chooseMedia:fail mpsim: user.pick mixed images and videos, which needs mediaType ['mix']",
    });
    mpsim.user.cancelNext();
    expect(await settle(wx.chooseMedia({}))).toEqual({ errMsg: 'chooseMedia:fail cancel' });
  });

  test("sizeType ['compressed'] compresses images, leaves videos as they are", async () => {
    const res = await wx.chooseMedia({ mediaType: ['mix'], sizeType: ['compressed'], count: 5 });
    expect(res.tempFiles[0].size).toBeLessThan(mpsim.album.list()[0].size);
    expect(jpegSize(bytesOf(res.tempFiles[0].tempFilePath))).toEqual([640, 480]);
    expect(bytesOf(res.tempFiles[4].tempFilePath)).toEqual(albumBytes(4));
  });

  test('bad input', async () => {
    expect(await settle(wx.chooseMedia({ mediaType: ['audio'] }))).toEqual({
      errMsg: 'chooseMedia:fail parameter error: parameter.mediaType[0] should be one of "image", "video", "mix" instead of "audio";',
      errno: 1001,
    });
    expect(await settle(wx.chooseMedia({ mediaType: 'video' }))).toEqual(paramError('chooseMedia', 'mediaType', 'Array', 'String'));
    expect(await settle(wx.chooseMedia({ sourceType: [1] }))).toEqual({
      errMsg: 'chooseMedia:fail parameter error: parameter.sourceType[0] should be one of "album", "camera" instead of 1;',
      errno: 1001,
    });
    expect(await settle(wx.chooseMedia({ maxDuration: '10' }))).toEqual(paramError('chooseMedia', 'maxDuration', 'Number', 'String'));
    expect(await settle(wx.chooseMedia({ maxDuration: -5 }))).toEqual({
      errMsg: 'chooseMedia:fail parameter error: parameter.maxDuration should be a positive number instead of -5;',
      errno: 1001,
    });
    expect(await settle(wx.chooseMedia({ camera: 'side' }))).toEqual({
      errMsg: 'chooseMedia:fail parameter error: parameter.camera should be one of "back", "front" instead of "side";',
      errno: 1001,
    });
    expect(await settle(wx.chooseMedia({ count: 0 }))).toEqual({
      errMsg: 'chooseMedia:fail parameter error: parameter.count should be an integer between 1 and 20 instead of 0;',
      errno: 1001,
    });
    expect(await settle(wx.chooseMedia({ sizeType: [null] }))).toMatchObject({ errno: 1001 });
  });
});

describe('count limits depend on the base library (chooseMedia 9 before 2.25.0, 20 from it)', () => {
  async function withSim(sdk: string, fn: (sim: Simulator, w: any) => Promise<void>) {
    const sim = await createSimulator({ system: { SDKVersion: sdk } });
    try {
      const img = fs.readFileSync(sim.device.album.list()[1].hostPath);
      for (let i = 0; i < 25; i++) sim.mpsim.album.add(img, { name: `extra${i}.jpg` });
      await fn(sim, sim.wx);
    } finally {
      await sim.dispose();
    }
  }

  test('3.7.0: count 30 is clamped to 20; chooseImage to 9', () =>
    withSim('3.7.0', async (_sim, w) => {
      expect((await w.chooseMedia({ count: 30, mediaType: ['image'] })).tempFiles).toHaveLength(20);
      expect((await w.chooseImage({ count: 30 })).tempFiles).toHaveLength(9);
    }));

  test('2.24.0: count 30 is clamped to 9', () =>
    withSim('2.24.0', async (_sim, w) => {
      expect((await w.chooseMedia({ count: 30, mediaType: ['image'] })).tempFiles).toHaveLength(9);
    }));
});

describe('wx.chooseVideo', () => {
  test('default: the album video, with exactly the documented fields', async () => {
    const res = await wx.chooseVideo({});
    expect(Object.keys(res).sort()).toEqual(['duration', 'errMsg', 'height', 'size', 'tempFilePath', 'width']);
    expect(res).toMatchObject({ errMsg: 'chooseVideo:ok', duration: 2, width: 320, height: 240, size: albumBytes(4).length });
    expect(res.tempFilePath).toMatch(/\.mp4$/);
    expect(bytesOf(res.tempFilePath)).toEqual(albumBytes(4));
  });

  test('cancel, wrong kind, and an album without videos', async () => {
    mpsim.user.cancelNext();
    expect(await settle(wx.chooseVideo({}))).toEqual({ errMsg: 'chooseVideo:fail cancel' });
    mpsim.user.pick([0]);
    expect(await settle(wx.chooseVideo({}))).toEqual({
      errMsg: 'chooseVideo:fail mpsim: album item 0 is a image, this chooser accepts video',
    });
    const sim = await createSimulator({ defaultAlbum: false });
    try {
      expect(await settle((sim.wx as any).chooseVideo({}))).toEqual({ errMsg: 'chooseVideo:fail mpsim: the album has no video to pick' });
    } finally {
      await sim.dispose();
    }
  });

  test('bad input', async () => {
    expect(await settle(wx.chooseVideo({ compressed: 'yes' }))).toEqual(paramError('chooseVideo', 'compressed', 'Boolean', 'String'));
    expect(await settle(wx.chooseVideo({ sourceType: 'album' }))).toEqual(paramError('chooseVideo', 'sourceType', 'Array', 'String'));
    expect(await settle(wx.chooseVideo({ camera: 'left' }))).toMatchObject({ errno: 1001 });
    expect(await settle(wx.chooseVideo({ maxDuration: 0 }))).toMatchObject({ errno: 1001 });
    expect((await wx.chooseVideo({ compressed: false, maxDuration: 30, camera: 'front', sourceType: ['camera'] })).errMsg).toBe(
      'chooseVideo:ok',
    );
  });
});

describe('wx.chooseMessageFile', () => {
  test('count is required; picks carry path, size, name, type, time', async () => {
    expect(await settle(wx.chooseMessageFile({}))).toEqual(paramError('chooseMessageFile', 'count', 'Number', 'Undefined'));
    const before = Math.floor(Date.now() / 1000) - 600;
    const res = await wx.chooseMessageFile({ count: 2 });
    expect(res.tempFiles).toHaveLength(2);
    for (const [i, f] of res.tempFiles.entries()) {
      expect(Object.keys(f).sort()).toEqual(['name', 'path', 'size', 'time', 'type']);
      expect(f).toMatchObject({ name: mpsim.album.list()[i].name, type: 'image', size: mpsim.album.list()[i].size });
      expect(f.path).toMatch(TEMP);
      expect(Number.isInteger(f.time) && f.time > before).toBe(true);
    }
    expect((await wx.chooseMessageFile({ count: 100, type: 'all' })).tempFiles).toHaveLength(5);
  });

  test('type and extension filters', async () => {
    const v = await wx.chooseMessageFile({ count: 3, type: 'video' });
    expect(v.tempFiles.map((f: any) => [f.name, f.type])).toEqual([['VID_0001.mp4', 'video']]);
    const png = await wx.chooseMessageFile({ count: 3, type: 'file', extension: ['png'] });
    expect(png.tempFiles.map((f: any) => f.name)).toEqual(['IMG_0004.png']);
    expect(PNG.sync.read(bytesOf(png.tempFiles[0].path)).width).toBe(256);
    const mp4 = await wx.chooseMessageFile({ count: 3, type: 'file', extension: ['.MP4'] });
    expect(mp4.tempFiles.map((f: any) => f.name)).toEqual(['VID_0001.mp4']);
    expect(await settle(wx.chooseMessageFile({ count: 3, type: 'file', extension: ['pdf'] }))).toEqual({
      errMsg: 'chooseMessageFile:fail mpsim: the album has no image or video with extension pdf to pick',
    });
    mpsim.user.cancelNext();
    expect(await settle(wx.chooseMessageFile({ count: 1 }))).toEqual({ errMsg: 'chooseMessageFile:fail cancel' });
  });

  test('bad input', async () => {
    for (const count of [101, -1, 2.5]) {
      expect(await settle(wx.chooseMessageFile({ count }))).toEqual({
        errMsg: `chooseMessageFile:fail parameter error: parameter.count should be an integer between 0 and 100 instead of ${count};`,
        errno: 1001,
      });
    }
    expect(await settle(wx.chooseMessageFile({ count: 1, type: 'doc' }))).toMatchObject({ errno: 1001 });
    expect(await settle(wx.chooseMessageFile({ count: 1, extension: 'png' }))).toEqual(
      paramError('chooseMessageFile', 'extension', 'Array', 'String'),
    );
    expect(await settle(wx.chooseMessageFile({ count: 1, type: 'file', extension: [''] }))).toEqual({
      errMsg: 'chooseMessageFile:fail parameter error: parameter.extension should be Array of non-empty String;',
      errno: 1001,
    });
  });
});

describe('wx.getImageInfo', () => {
  test('temp files from a chooser: raw size, type, EXIF orientation, path', async () => {
    const { tempFilePaths } = await wx.chooseImage({});
    const infos = await Promise.all(tempFilePaths.map((src: string) => wx.getImageInfo({ src })));
    expect(infos.map((i: any) => [i.width, i.height, i.type, i.orientation])).toEqual([
      [640, 480, 'jpeg', 'up'],
      [480, 640, 'jpeg', 'up'],
      [320, 240, 'jpeg', 'right'],
      [256, 256, 'png', 'up'],
    ]);
    expect(infos[0]).toEqual({
      errMsg: 'getImageInfo:ok',
      width: 640,
      height: 480,
      path: tempFilePaths[0],
      orientation: 'up',
      type: 'jpeg',
    });
  });

  test('user files, gif, and what is not an image', async () => {
    const usr = (name: string) => `${wx.env.USER_DATA_PATH}/${name}`;
    fs.writeFileSync(mpsim.device.toHostPath(usr('a.jpg')), albumBytes(1));
    expect(await wx.getImageInfo({ src: usr('a.jpg') })).toMatchObject({ width: 480, height: 640, type: 'jpeg' });
    const gif = Buffer.from('474946383961030002008000000000000000002c00000000030002000002028451003b', 'hex');
    fs.writeFileSync(mpsim.device.toHostPath(usr('b.gif')), gif);
    expect(await wx.getImageInfo({ src: usr('b.gif') })).toMatchObject({ width: 3, height: 2, type: 'gif', orientation: 'up' });
    fs.writeFileSync(mpsim.device.toHostPath(usr('c.txt')), 'not an image');
    expect(await settle(wx.getImageInfo({ src: usr('c.txt') }))).toEqual({ errMsg: 'getImageInfo:fail unsupported image format' });
    fs.writeFileSync(mpsim.device.toHostPath(usr('d.mp4')), albumBytes(4));
    expect(await settle(wx.getImageInfo({ src: usr('d.mp4') }))).toEqual({ errMsg: 'getImageInfo:fail unsupported image format' });
  });

  test('saved files (store_) are local files too', async () => {
    const name = 'store_0123456789abcdef0123456789abcdef.png';
    fs.writeFileSync(path.join(mpsim.device.sandboxDir, 'store', name), albumBytes(3));
    expect(await wx.getImageInfo({ src: `wxfile://${name}` })).toMatchObject({ width: 256, height: 256, type: 'png' });
    expect(jpegSize(bytesOf((await wx.compressImage({ src: `wxfile://${name}`, compressedWidth: 64 })).tempFilePath))).toEqual([64, 64]);
  });

  test('missing files, paths outside the sandbox and network URLs fail clearly', async () => {
    expect(await settle(wx.getImageInfo({ src: `${wx.env.USER_DATA_PATH}/none.jpg` }))).toEqual({
      errMsg: "getImageInfo:fail file doesn't exist",
    });
    expect((await settle(wx.getImageInfo({ src: 'wxfile://usr/../../../etc/passwd' }))).errMsg).toMatch(
      /^getImageInfo:fail permission denied/,
    );
    const net = await settle(wx.getImageInfo({ src: 'https://example.com/a.png' }));
    expect(net.errMsg).toBe(
      'getImageInfo:fail mpsim: getImageInfo of a network URL is not supported yet; download it with wx.downloadFile and pass the tempFilePath',
    );
  });

  test('bad input', async () => {
    expect(await settle(wx.getImageInfo({}))).toEqual(paramError('getImageInfo', 'src', 'String', 'Undefined'));
    expect(await settle(wx.getImageInfo({ src: 1 }))).toEqual(paramError('getImageInfo', 'src', 'String', 'Number'));
  });
});

describe('getImageInfo on code-package and devtools-mode paths', () => {
  test('package paths and http://usr in devtools mode are local files', async () => {
    const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-pkg-'));
    const sim = await createSimulator({ packageDir: pkg, pathMode: 'devtools' });
    try {
      fs.mkdirSync(path.join(pkg, 'images'));
      fs.copyFileSync(sim.device.album.list()[3].hostPath, path.join(pkg, 'images', 'logo.png'));
      const w = sim.wx as any;
      expect(await w.getImageInfo({ src: '/images/logo.png' })).toMatchObject({
        width: 256,
        height: 256,
        type: 'png',
        path: '/images/logo.png',
      });
      fs.copyFileSync(sim.device.album.list()[0].hostPath, sim.device.toHostPath('http://usr/p.jpg'));
      expect(await w.getImageInfo({ src: 'http://usr/p.jpg' })).toMatchObject({ width: 640, height: 480 });
      const picked = await w.chooseImage({ count: 1 });
      expect(picked.tempFilePaths[0]).toMatch(/^http:\/\/tmp\/tmp_[0-9a-f]{32}\.jpg$/);
      expect(await w.getImageInfo({ src: picked.tempFilePaths[0] })).toMatchObject({ width: 640, height: 480 });
    } finally {
      await sim.dispose();
      fs.rmSync(pkg, { recursive: true, force: true });
    }
  });
});

describe('wx.compressImage', () => {
  let jpg: string;
  let png: string;
  beforeAll(async () => {
    const res = await wx.chooseImage({});
    jpg = res.tempFilePaths[0];
    png = res.tempFilePaths[3];
  });

  test('default quality 80: a real, smaller JPEG of the same size', async () => {
    const res = await wx.compressImage({ src: jpg });
    expect(Object.keys(res).sort()).toEqual(['errMsg', 'tempFilePath']);
    expect(res.tempFilePath).toMatch(/^wxfile:\/\/tmp_[0-9a-f]{32}\.jpg$/);
    const out = bytesOf(res.tempFilePath);
    expect(out.length).toBeLessThan(bytesOf(jpg).length);
    expect(jpegSize(out)).toEqual([640, 480]);
  });

  test('quality changes the bytes: 10 is smaller than 90', async () => {
    const low = bytesOf((await wx.compressImage({ src: jpg, quality: 10 })).tempFilePath);
    const high = bytesOf((await wx.compressImage({ src: jpg, quality: 90 })).tempFilePath);
    expect(low.length).toBeLessThan(high.length);
    expect(bytesOf((await wx.compressImage({ src: jpg, quality: 0 })).tempFilePath).length).toBeGreaterThan(0);
  });

  test('compressedWidth / compressedHeight: the other side follows', async () => {
    expect(jpegSize(bytesOf((await wx.compressImage({ src: jpg, compressedWidth: 320 })).tempFilePath))).toEqual([320, 240]);
    expect(jpegSize(bytesOf((await wx.compressImage({ src: jpg, compressedHeight: 120 })).tempFilePath))).toEqual([160, 120]);
    expect(jpegSize(bytesOf((await wx.compressImage({ src: jpg, compressedWidth: 50, compressedHeight: 50 })).tempFilePath))).toEqual([
      50, 50,
    ]);
  });

  test('a PNG comes out as a JPEG', async () => {
    expect(jpegSize(bytesOf((await wx.compressImage({ src: png })).tempFilePath))).toEqual([256, 256]);
  });

  test('failures', async () => {
    expect(await settle(wx.compressImage({ src: `${wx.env.USER_DATA_PATH}/none.jpg` }))).toEqual({
      errMsg: "compressImage:fail file doesn't exist",
    });
    const gif = `${wx.env.USER_DATA_PATH}/x.gif`;
    fs.writeFileSync(
      mpsim.device.toHostPath(gif),
      Buffer.from('474946383961030002008000000000000000002c00000000030002000002028451003b', 'hex'),
    );
    expect(await settle(wx.compressImage({ src: gif }))).toEqual({ errMsg: 'compressImage:fail unsupported image type gif' });
    const broken = `${wx.env.USER_DATA_PATH}/broken.jpg`;
    const head = bytesOf(jpg).subarray(0, 700);
    fs.writeFileSync(mpsim.device.toHostPath(broken), head);
    expect((await settle(wx.compressImage({ src: broken }))).errMsg).toMatch(/^compressImage:fail cannot decode jpeg: /);
    expect((await settle(wx.compressImage({ src: 'https://example.com/a.jpg' }))).errMsg).toMatch(
      /^compressImage:fail mpsim: compressImage of a network URL/,
    );
  });

  test('bad input', async () => {
    expect(await settle(wx.compressImage({}))).toEqual(paramError('compressImage', 'src', 'String', 'Undefined'));
    expect(await settle(wx.compressImage({ src: jpg, quality: '80' }))).toEqual(paramError('compressImage', 'quality', 'Number', 'String'));
    for (const quality of [101, -1, NaN]) {
      expect(await settle(wx.compressImage({ src: jpg, quality }))).toEqual({
        errMsg: `compressImage:fail parameter error: parameter.quality should be between 0 and 100 instead of ${quality};`,
        errno: 1001,
      });
    }
    expect(await settle(wx.compressImage({ src: jpg, compressedWidth: 0 }))).toEqual({
      errMsg: 'compressImage:fail parameter error: parameter.compressedWidth should be a positive number instead of 0;',
      errno: 1001,
    });
    expect(await settle(wx.compressImage({ src: jpg, compressedHeight: '1' }))).toEqual(
      paramError('compressImage', 'compressedHeight', 'Number', 'String'),
    );
  });
});

describe('images too large or too damaged to decode', () => {
  /** A real JPEG whose SOF0 header claims another size. */
  function withClaimedSize(bytes: Buffer, width: number, height: number): Buffer {
    const out = Buffer.from(bytes);
    const sof = out.indexOf(Buffer.from([0xff, 0xc0]));
    out.writeUInt16BE(height, sof + 5);
    out.writeUInt16BE(width, sof + 7);
    return out;
  }

  test('compressImage refuses before allocating; a compressed pick falls back to the original bytes', async () => {
    const huge = withClaimedSize(albumBytes(2), 20000, 20000);
    const src = `${wx.env.USER_DATA_PATH}/huge.jpg`;
    fs.writeFileSync(mpsim.device.toHostPath(src), huge);
    expect(await wx.getImageInfo({ src })).toMatchObject({ width: 20000, height: 20000 });
    expect(await settle(wx.compressImage({ src }))).toEqual({ errMsg: 'compressImage:fail image too large to decode (20000x20000)' });
    const item = mpsim.album.add(huge, { name: 'huge.jpg' });
    mpsim.user.pick([item.index]);
    const res = await wx.chooseImage({ sizeType: ['compressed'] });
    expect(res.tempFilePaths[0]).toMatch(/\.jpg$/);
    expect(bytesOf(res.tempFilePaths[0])).toEqual(huge);
  });
});

describe('wx.previewImage', () => {
  test('records each call in mpsim.previews with the defaults filled in', async () => {
    expect(mpsim.previews).toEqual([]);
    await expect(wx.previewImage({ urls: ['https://a.example/1.jpg', 'https://a.example/2.jpg'] })).resolves.toEqual({
      errMsg: 'previewImage:ok',
    });
    await wx.previewImage({ urls: ['x'], current: 'x', showmenu: false, referrerPolicy: 'origin' });
    expect(mpsim.previews).toEqual([
      {
        urls: ['https://a.example/1.jpg', 'https://a.example/2.jpg'],
        current: 'https://a.example/1.jpg',
        showmenu: true,
        referrerPolicy: 'no-referrer',
      },
      { urls: ['x'], current: 'x', showmenu: false, referrerPolicy: 'origin' },
    ]);
  });

  test('bad input is not recorded', async () => {
    const before = mpsim.previews.length;
    expect(await settle(wx.previewImage({}))).toEqual(paramError('previewImage', 'urls', 'Array', 'Undefined'));
    expect(await settle(wx.previewImage({ urls: 'a.jpg' }))).toEqual(paramError('previewImage', 'urls', 'Array', 'String'));
    for (const urls of [[], [1]]) {
      expect(await settle(wx.previewImage({ urls }))).toEqual({
        errMsg: 'previewImage:fail parameter error: parameter.urls should be a non-empty Array of String;',
        errno: 1001,
      });
    }
    expect(await settle(wx.previewImage({ urls: ['a'], current: 0 }))).toEqual(paramError('previewImage', 'current', 'String', 'Number'));
    expect(await settle(wx.previewImage({ urls: ['a'], showmenu: 'yes' }))).toEqual(
      paramError('previewImage', 'showmenu', 'Boolean', 'String'),
    );
    expect(await settle(wx.previewImage({ urls: ['a'], referrerPolicy: 'unsafe-url' }))).toMatchObject({ errno: 1001 });
    expect(mpsim.previews.length).toBe(before);
  });
});

test('canIUse sees the media APIs', () => {
  for (const api of ['chooseImage', 'chooseMedia', 'chooseVideo', 'chooseMessageFile', 'getImageInfo', 'compressImage', 'previewImage']) {
    expect(wx.canIUse(api)).toBe(true);
  }
});

// Last: it grows the shared album the tests above count on.
describe('mpsim.album.add from test code', () => {
  test('bytes made in the test realm are probed, picked and handed out', async () => {
    const png = new PNG({ width: 20, height: 10 });
    const bytes = new Uint8Array(PNG.sync.write(png)); // a Uint8Array of this test's realm
    const misnamed = mpsim.album.add(bytes, { name: 'drawing.jpg' });
    mpsim.user.pick([misnamed.index]);
    expect((await wx.chooseImage({})).tempFilePaths[0]).toMatch(/\.png$/); // the temp file is named for what it is
    const item = mpsim.album.add(bytes, { name: 'drawn.png' });
    expect(item).toMatchObject({ name: 'drawn.png', kind: 'image', width: 20, height: 10, mime: 'image/png' });
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const second = mpsim.album.add(ab);
    expect(second).toMatchObject({ kind: 'image', width: 20, name: `IMG_${String(second.index + 1).padStart(4, '0')}.png` });
    mpsim.user.pick([item.index]);
    const res = await wx.chooseImage({});
    expect(await wx.getImageInfo({ src: res.tempFilePaths[0] })).toMatchObject({ width: 20, height: 10, type: 'png' });
    expect(() => mpsim.album.add(new Uint8Array([1, 2, 3]))).toThrow(/^mpsim.album.add: cannot add bytes: unknown or unreadable media/);
    expect(() => mpsim.user.pick('0')).toThrow(/expected an array of album indexes/);
  });
});
