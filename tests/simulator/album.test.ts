/**
 * The album, its media probing (image-size + our ISO-BMFF reader) and the
 * scripted user, on real files in a real Device sandbox.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { Album, PickError, UserScript, type AlbumItem } from '../../simulator/album';
import { Device } from '../../simulator/device';
import { FsError } from '../../simulator/fs-error';
import { applyOrientation, compressToJpeg, decodeImage, targetSize } from '../../simulator/media/codec';
import { assetPath, defaultMedia, exifWithOrientation, videoThumbnail } from '../../simulator/media/defaults';
import { bufferSource, Mp4Error, readMp4Info } from '../../simulator/media/mp4';
import { MediaProbeError, probeBytes, probeFile, wxImageType, wxOrientation } from '../../simulator/media/probe';

// ---- hand-built ISO-BMFF boxes -------------------------------------------------

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A box with a 64-bit `largesize` header (size field = 1). */
function largeBox(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(1, 0);
  head.write(type, 4, 'latin1');
  head.writeBigUInt64BE(BigInt(16 + payload.length), 8);
  return Buffer.concat([head, payload]);
}

function mvhd(version: 0 | 1, timescale: number, duration: number): Buffer {
  const b = Buffer.alloc(version === 1 ? 112 : 100);
  b[0] = version;
  if (version === 1) {
    b.writeUInt32BE(timescale, 20);
    b.writeBigUInt64BE(BigInt(duration), 24);
  } else {
    b.writeUInt32BE(timescale, 12);
    b.writeUInt32BE(duration, 16);
  }
  return box('mvhd', b);
}

const IDENTITY = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
const ROT90 = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];

function tkhd(version: 0 | 1, width: number, height: number, matrix = IDENTITY): Buffer {
  const tail = version === 1 ? 36 : 24;
  const b = Buffer.alloc(tail + 16 + 36 + 8);
  b[0] = version;
  matrix.forEach((v, i) => b.writeInt32BE(v, tail + 16 + i * 4));
  b.writeUInt32BE(Math.round(width * 65536), tail + 16 + 36);
  b.writeUInt32BE(Math.round(height * 65536), tail + 16 + 40);
  return box('tkhd', b);
}

function hdlr(kind: string): Buffer {
  const b = Buffer.alloc(25);
  b.write(kind, 8, 'latin1');
  return box('hdlr', b);
}

function trak(kind: string, tk: Buffer): Buffer {
  return box('trak', tk, box('mdia', box('mdhd', Buffer.alloc(24)), hdlr(kind)));
}

function ftyp(brand = 'isom'): Buffer {
  return box('ftyp', Buffer.from(`${brand}\0\0\0\0isomavc1`, 'latin1'));
}

// ---- the MP4 reader ----------------------------------------------------------

describe('ISO-BMFF reader', () => {
  test('reads the committed H.264 asset: 320x240, 2.0 s', () => {
    const info = readMp4Info(bufferSource(fs.readFileSync(assetPath('sample-video.mp4'))));
    expect(info).toEqual({ brand: 'isom', duration: 2, width: 320, height: 240, rotation: 0 });
  });

  test('version 0 boxes; the video track is found after an audio track', () => {
    const file = Buffer.concat([ftyp(), box('moov', mvhd(0, 600, 1500), trak('soun', tkhd(0, 0, 0)), trak('vide', tkhd(0, 640, 360)))]);
    expect(readMp4Info(bufferSource(file))).toEqual({ brand: 'isom', duration: 2.5, width: 640, height: 360, rotation: 0 });
  });

  test('version 1 boxes, 64-bit largesize, mdat before moov, rotation from the matrix', () => {
    const file = Buffer.concat([
      ftyp('mp42'),
      largeBox('mdat', Buffer.alloc(4096, 7)),
      box('moov', mvhd(1, 1000, 12345), trak('vide', tkhd(1, 1920, 1080, ROT90))),
    ]);
    expect(readMp4Info(bufferSource(file))).toEqual({ brand: 'mp42', duration: 12.345, width: 1920, height: 1080, rotation: 90 });
  });

  test('a large file is probed from box headers only (the mdat is never read)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-mp4-'));
    try {
      const file = path.join(dir, 'big.mp4');
      const fd = fs.openSync(file, 'w');
      const mdatSize = 64 * 1024 * 1024;
      const head = Buffer.alloc(8);
      head.writeUInt32BE(mdatSize, 0);
      head.write('mdat', 4, 'latin1');
      fs.writeSync(fd, ftyp());
      fs.writeSync(fd, head);
      // a sparse 64 MB mdat: skip to its end and append moov
      fs.writeSync(fd, box('moov', mvhd(0, 1000, 60000), trak('vide', tkhd(0, 1280, 720))), 0, undefined, ftyp().length + mdatSize);
      fs.closeSync(fd);
      expect(probeFile(file)).toMatchObject({ kind: 'video', width: 1280, height: 720, duration: 60 });
      // the same through a counting source: a few box headers, not the 64 MB mdat
      let bytesRead = 0;
      const rfd = fs.openSync(file, 'r');
      try {
        const src = {
          size: fs.fstatSync(rfd).size,
          read(pos: number, len: number) {
            const buf = Buffer.alloc(Math.max(0, Math.min(len, this.size - pos)));
            bytesRead += fs.readSync(rfd, buf, 0, buf.length, pos);
            return buf;
          },
        };
        expect(readMp4Info(src)).toMatchObject({ width: 1280, height: 720, duration: 60 });
      } finally {
        fs.closeSync(rfd);
      }
      expect(bytesRead).toBeLessThan(4096);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['no ftyp', Buffer.concat([box('moov', mvhd(0, 600, 600))]), /no leading ftyp/],
    ['no moov', Buffer.concat([ftyp(), box('mdat', Buffer.alloc(16))]), /no moov/],
    ['no mvhd', Buffer.concat([ftyp(), box('moov', trak('vide', tkhd(0, 1, 1)))]), /no mvhd/],
    ['audio only', Buffer.concat([ftyp(), box('moov', mvhd(0, 600, 600), trak('soun', tkhd(0, 0, 0)))]), /no video track/],
    ['zero timescale', Buffer.concat([ftyp(), box('moov', mvhd(0, 0, 600), trak('vide', tkhd(0, 1, 1)))]), /timescale is 0/],
    ['box larger than the file', Buffer.concat([ftyp(), Buffer.from([0, 0, 0x10, 0, 0x6d, 0x6f, 0x6f, 0x76])]), /bad size/],
    ['box size smaller than its header', Buffer.concat([ftyp(), Buffer.from([0, 0, 0, 4, 0x6d, 0x6f, 0x6f, 0x76])]), /bad size/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => readMp4Info(bufferSource(bytes))).toThrow(Mp4Error);
    expect(() => readMp4Info(bufferSource(bytes))).toThrow(message);
  });

  test('a truncated real file is refused', () => {
    const real = fs.readFileSync(assetPath('sample-video.mp4'));
    // ffmpeg's faststart puts moov first: cut inside it
    expect(() => readMp4Info(bufferSource(real.subarray(0, 200)))).toThrow(Mp4Error);
  });
});

// ---- probing and codecs ---------------------------------------------------------

describe('probing and codecs', () => {
  test('the default media are real, of different sizes and dimensions', () => {
    const media = defaultMedia();
    const infos = media.map((m) => probeBytes(m.bytes));
    expect(media.map((m) => m.name)).toEqual(['IMG_0001.jpg', 'IMG_0002.jpg', 'IMG_0003.jpg', 'IMG_0004.png', 'VID_0001.mp4']);
    expect(infos.map((i) => [i.kind, i.format, i.width, i.height])).toEqual([
      ['image', 'jpg', 640, 480],
      ['image', 'jpg', 480, 640],
      ['image', 'jpg', 320, 240],
      ['image', 'png', 256, 256],
      ['video', 'mp4', 320, 240],
    ]);
    expect(new Set(media.map((m) => m.bytes.length)).size).toBe(5);
    expect(infos[2].exifOrientation).toBe(6);
    expect(infos[4].duration).toBe(2);
    // really decodable
    const img = jpeg.decode(media[0].bytes, { useTArray: true });
    expect([img.width, img.height]).toEqual([640, 480]);
    const png = PNG.sync.read(Buffer.from(media[3].bytes));
    expect([png.width, png.height]).toEqual([256, 256]);
    expect(png.data[3]).toBe(0); // transparent corner
    // cached: the same bytes object each time
    expect(defaultMedia()[0].bytes).toBe(media[0].bytes);
    expect(fs.statSync(assetPath('sample-video.mp4')).size).toBeLessThanOrEqual(100 * 1024);
  });

  test('orientation and type names as getImageInfo reports them', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(wxOrientation)).toEqual([
      'up',
      'up-mirrored',
      'down',
      'down-mirrored',
      'left-mirrored',
      'right',
      'right-mirrored',
      'left',
    ]);
    expect(wxOrientation(undefined)).toBe('up');
    expect(['jpg', 'png', 'gif', 'tiff', 'webp', 'bmp'].map(wxImageType)).toEqual(['jpeg', 'png', 'gif', 'tiff', 'unknown', 'unknown']);
  });

  test('unknown, empty and corrupt bytes are refused', () => {
    expect(() => probeBytes(Buffer.from('hello, not an image'))).toThrow(MediaProbeError);
    expect(() => probeBytes(new Uint8Array(0))).toThrow(MediaProbeError);
    expect(() => probeBytes(Buffer.concat([ftyp(), Buffer.from('junk')]))).toThrow(/unreadable video/);
  });

  test('EXIF orientation is baked in when re-encoding (6: rotate 90° clockwise)', () => {
    // 2x1 image: left red, right blue; orientation 6 → displayed 1x2: top red, bottom blue
    const img = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) };
    const up = applyOrientation(img, 6);
    expect([up.width, up.height]).toEqual([1, 2]);
    expect(Array.from(up.data)).toEqual([255, 0, 0, 255, 0, 0, 255, 255]);
    const r8 = applyOrientation(img, 8);
    expect(Array.from(r8.data)).toEqual([0, 0, 255, 255, 255, 0, 0, 255]);
    const r3 = applyOrientation(img, 3);
    expect(Array.from(r3.data)).toEqual([0, 0, 255, 255, 255, 0, 0, 255]);
    expect(applyOrientation(img, 1)).toBe(img);

    const rotated = defaultMedia()[2].bytes; // 320x240 with orientation 6
    const out = decodeImage(compressToJpeg(rotated, { quality: 80 }));
    expect([out.width, out.height]).toEqual([240, 320]);
  });

  test('target size: one side given, the other follows the aspect ratio', () => {
    expect(targetSize({ width: 640, height: 480 }, { width: 320 })).toEqual({ width: 320, height: 240 });
    expect(targetSize({ width: 640, height: 480 }, { height: 120 })).toEqual({ width: 160, height: 120 });
    expect(targetSize({ width: 640, height: 480 }, { width: 10, height: 10 })).toEqual({ width: 10, height: 10 });
    expect(targetSize({ width: 640, height: 480 }, {})).toEqual({ width: 640, height: 480 });
  });

  test('video thumbnails are real JPEGs', () => {
    const def = decodeImage(videoThumbnail({ name: 'VID_0001.mp4', width: 320, height: 240, isDefault: true }));
    expect([def.width, def.height]).toEqual([320, 240]);
    const other = decodeImage(videoThumbnail({ name: 'x.mp4', width: 1080, height: 1920 }));
    expect([other.width, other.height]).toEqual([180, 320]);
  });

  test('the EXIF payload is a valid TIFF IFD with one Orientation entry', () => {
    const exif = exifWithOrientation(3);
    expect(exif.subarray(0, 6).toString('latin1')).toBe('Exif\0\0');
    expect(exif.readUInt16LE(16)).toBe(0x0112);
    expect(exif.readUInt16LE(24)).toBe(3);
  });
});

// ---- the album ------------------------------------------------------------------

describe('Album', () => {
  let device: Device;
  beforeEach(() => {
    device = new Device();
  });
  afterEach(() => device.dispose());

  test('the default media are written on first use only', () => {
    expect(fs.readdirSync(device.album.dir)).toEqual([]);
    expect(device.album.list()).toHaveLength(5);
    expect(fs.readdirSync(device.album.dir)).toHaveLength(5);
  });

  test('a Device starts with the default media, probed', () => {
    const items = device.album.list();
    expect(items.map((i) => [i.index, i.name, i.kind, i.mime, i.width, i.height])).toEqual([
      [0, 'IMG_0001.jpg', 'image', 'image/jpeg', 640, 480],
      [1, 'IMG_0002.jpg', 'image', 'image/jpeg', 480, 640],
      [2, 'IMG_0003.jpg', 'image', 'image/jpeg', 320, 240],
      [3, 'IMG_0004.png', 'image', 'image/png', 256, 256],
      [4, 'VID_0001.mp4', 'video', 'video/mp4', 320, 240],
    ]);
    expect(items[4].duration).toBe(2);
    expect(items[0].duration).toBeUndefined();
    for (const item of items) {
      expect(fs.statSync(item.hostPath).size).toBe(item.size);
      expect(item.hostPath.startsWith(path.join(device.sandboxDir, 'album') + path.sep)).toBe(true);
    }
  });

  test('album files are not reachable by wx paths', () => {
    const name = path.basename(device.album.list()[0].hostPath);
    for (const p of [
      `wxfile://../album/${name}`,
      `wxfile://usr/../album/${name}`,
      `wxfile://tmp/../album/${name}`,
      `http://usr/../album/${name}`,
    ]) {
      expect(() => device.files.resolveFile(p)).toThrow(FsError);
    }
  });

  test('defaultAlbum: false gives an empty album', async () => {
    const empty = new Device({ defaultAlbum: false });
    try {
      expect(empty.album.list()).toEqual([]);
    } finally {
      await empty.dispose();
    }
  });

  test('add() a host file: copied and probed; the name defaults to the file name', () => {
    const src = path.join(device.sandboxDir, 'host-photo.png');
    const png = new PNG({ width: 33, height: 17 });
    fs.writeFileSync(src, PNG.sync.write(png));
    const item = device.album.add(src);
    expect(item).toMatchObject({
      index: 5,
      name: 'host-photo.png',
      kind: 'image',
      mime: 'image/png',
      format: 'png',
      width: 33,
      height: 17,
      builtin: false,
    });
    expect(item.hostPath).not.toBe(src);
    expect(fs.readFileSync(item.hostPath)).toEqual(fs.readFileSync(src));
    expect(device.album.list()).toHaveLength(6);
    // items are frozen and list() is a snapshot
    expect(Object.isFrozen(item)).toBe(true);
    (device.album.list() as AlbumItem[]).pop();
    expect(device.album.list()).toHaveLength(6);
  });

  test('add() bytes (Buffer, Uint8Array, ArrayBuffer) with and without a name', () => {
    const video = fs.readFileSync(assetPath('sample-video.mp4'));
    const a = device.album.add(video);
    expect(a).toMatchObject({ name: 'VID_0006.mp4', kind: 'video', duration: 2, width: 320, height: 240, size: video.length });
    const jpg = defaultMedia()[1].bytes;
    const b = device.album.add(new Uint8Array(jpg), { name: 'holiday.jpg' });
    expect(b).toMatchObject({ name: 'holiday.jpg', kind: 'image', width: 480, height: 640 });
    const ab = jpg.buffer.slice(jpg.byteOffset, jpg.byteOffset + jpg.byteLength);
    expect(device.album.add(ab as ArrayBuffer)).toMatchObject({ name: 'IMG_0008.jpg', kind: 'image' });
  });

  test('add() refuses unreadable files and unknown media with a clear Error', () => {
    expect(() => device.album.add(path.join(device.sandboxDir, 'missing.jpg'))).toThrow(
      /mpsim.album.add: cannot add .*missing.jpg: cannot read the file \(ENOENT\)/,
    );
    expect(() => device.album.add(Buffer.from('plain text'))).toThrow(/mpsim.album.add: cannot add bytes: unknown or unreadable media/);
    expect(() => device.album.add(Buffer.concat([ftyp(), box('moov', mvhd(0, 600, 600))]))).toThrow(/unreadable video: no video track/);
    expect(() => device.album.add(42 as never)).toThrow(TypeError);
    expect(() => device.album.add(Buffer.alloc(1), { name: '' })).toThrow(/options.name/);
    expect(() => device.album.add(Buffer.alloc(1), null as never)).toThrow(/options must be an object/);
    expect(device.album.list()).toHaveLength(5);
  });

  test('names are sanitised on disk but kept as given', () => {
    const item = device.album.add(defaultMedia()[0].bytes, { name: '../../evil name.jpg' });
    expect(item.name).toBe('../../evil name.jpg');
    expect(path.dirname(item.hostPath)).toBe(device.album.dir);
  });
});

// ---- the scripted user ----------------------------------------------------------

describe('UserScript.choose', () => {
  let dir: string;
  let album: Album;
  let user: UserScript;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-album-'));
    album = new Album(dir, { defaultMedia: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    user = new UserScript();
  });
  const idx = (items: AlbumItem[] | 'cancel') => (items === 'cancel' ? items : items.map((i) => i.index));

  test('default: the first `count` items of the accepted kinds', () => {
    expect(idx(user.choose(album, { count: 2, kinds: ['image'], mix: false }))).toEqual([0, 1]);
    expect(idx(user.choose(album, { count: 9, kinds: ['image'], mix: false }))).toEqual([0, 1, 2, 3]);
    expect(idx(user.choose(album, { count: 9, kinds: ['video'], mix: false }))).toEqual([4]);
    // without mix: one kind (the first eligible item's)
    expect(idx(user.choose(album, { count: 9, kinds: ['video', 'image'], mix: false }))).toEqual([0, 1, 2, 3]);
    expect(idx(user.choose(album, { count: 9, kinds: ['image', 'video'], mix: true }))).toEqual([0, 1, 2, 3, 4]);
  });

  test('pick() scripts exactly the next chooser; cancelNext() cancels it; then back to default', () => {
    user.pick([3, 1]);
    user.cancelNext();
    expect(idx(user.choose(album, { count: 9, kinds: ['image'], mix: false }))).toEqual([3, 1]);
    expect(user.choose(album, { count: 9, kinds: ['image'], mix: false })).toBe('cancel');
    expect(idx(user.choose(album, { count: 1, kinds: ['image'], mix: false }))).toEqual([0]);
  });

  test.each<[string, number[], { count: number; kinds: Array<'image' | 'video'>; mix: boolean }, RegExp]>([
    ['a missing item', [7], { count: 9, kinds: ['image'], mix: false }, /^mpsim: album item 7 does not exist \(the album has 5 items\)$/],
    ['the wrong kind', [4], { count: 9, kinds: ['image'], mix: false }, /^mpsim: album item 4 is a video, this chooser accepts image$/],
    ['too many', [0, 1, 2], { count: 2, kinds: ['image'], mix: false }, /picked 3 items but count is 2/],
    ['nothing', [], { count: 2, kinds: ['image'], mix: false }, /picked nothing/],
    ['mixed kinds without mix', [0, 4], { count: 9, kinds: ['image', 'video'], mix: false }, /needs mediaType \['mix'\]/],
  ])('a scripted pick of %s fails the chooser', (_what, indexes, req, message) => {
    user.pick(indexes);
    expect(() => user.choose(album, req)).toThrow(PickError);
    user.pick(indexes);
    expect(() => user.choose(album, req)).toThrow(message);
  });

  test('filters (extension) apply to default and scripted picks', () => {
    const png = { test: (i: AlbumItem) => i.name.endsWith('.png'), describe: 'with extension png' };
    expect(idx(user.choose(album, { count: 9, kinds: ['image', 'video'], mix: true, filter: png }))).toEqual([3]);
    user.pick([0]);
    expect(() => user.choose(album, { count: 9, kinds: ['image'], mix: true, filter: png })).toThrow(
      'mpsim: album item 0 (IMG_0001.jpg) is not with extension png',
    );
  });

  test('nothing of the accepted kind in the album', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-album-'));
    try {
      const empty = new Album(emptyDir);
      expect(() => user.choose(empty, { count: 1, kinds: ['video'], mix: false })).toThrow('mpsim: the album has no video to pick');
      expect(user.choose(empty, { count: 0, kinds: ['video'], mix: false })).toEqual([]);
    } finally {
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  test('pick() refuses what is not an array of indexes', () => {
    for (const bad of [undefined, 1, '0', [-1], [1.5], [NaN], ['0']]) expect(() => user.pick(bad as never)).toThrow(TypeError);
  });
});
