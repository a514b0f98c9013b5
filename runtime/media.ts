/**
 * Media choosers and image APIs (wx-api-semantics §3): chooseImage, chooseMedia,
 * chooseVideo, chooseMessageFile, getImageInfo, compressImage, previewImage.
 *
 * Choosers ask the Device's scripted user (simulator/album.ts) which album items
 * to pick; every picked item is copied to a fresh read-only temp file
 * (`wxfile://tmp_<hex>.<ext>`). `sourceType: ['camera']` is simulated by the same
 * album and user (the "camera" hands back an album item).
 *
 * Choices where the client is undocumented (UNCONFIRMED, see README):
 *  - `count` below 1 or not an integer fails with a parameter error; above the
 *    chooser's maximum (chooseImage 9, chooseMedia 9 or 20 from base library
 *    2.25.0) it is clamped, as the client's picker does.
 *  - chooseMedia image entries carry `tempFilePath`, `size`, `fileType` only:
 *    `duration`, `width`, `height`, `thumbTempFilePath` are documented as video
 *    properties (research §3.2/§10: omit).
 *  - `sizeType: ['compressed']` alone re-encodes JPEG/PNG picks as JPEG at
 *    quality 80; any other sizeType hands out the original bytes. Videos are never
 *    transcoded (chooseVideo `compressed` is accepted and ignored).
 *  - Cancel is `<api>:fail cancel` for every chooser (OBS for chooseImage/chooseMedia).
 *  - chooseMessageFile picks from the album (the simulated chat holds the album's
 *    items); `type: 'file'` accepts any item, filtered by `extension`.
 *  - A scripted pick the chooser cannot honour fails with a reason starting `mpsim:`.
 */
import { PickError, type AlbumItem, type ChooseRequest, type MediaKind } from '../simulator/album';
import { FsError } from '../simulator/fs-error';
import { CodecError, compressImageFile, tryProbeFile, wxImageType, wxOrientation } from '../simulator/media';
import { ApiError, arrayOf, defineAsync, MAX_ARRAY_PARAM, type ParamRule, type ParamRules } from './convention';
import type { RuntimeHost } from './host';
import { wxTypeName } from './realm';

/** Quality of `sizeType: ['compressed']` picks (UNCONFIRMED: the client's value is not documented). */
export const CHOOSER_COMPRESS_QUALITY = 80;

const SOURCE_TYPES = ['album', 'camera'] as const;
const SIZE_TYPES = ['original', 'compressed'] as const;
const MEDIA_TYPES = ['image', 'video', 'mix'] as const;
const CAMERAS = ['back', 'front'] as const;
const MESSAGE_FILE_TYPES = ['all', 'video', 'image', 'file'] as const;
const REFERRER_POLICIES = ['origin', 'no-referrer'] as const;

/** An Array whose entries are all from `allowed` (an empty array means the default). */
function enumArray(name: string, allowed: readonly string[]): ParamRule {
  return {
    type: 'Array',
    check: (list: unknown[]) => {
      if (list.length > MAX_ARRAY_PARAM) return `parameter error: parameter.${name} should have at most ${MAX_ARRAY_PARAM} items;`;
      for (let i = 0; i < list.length; i++) {
        const v = list[i]; // holes read as undefined: not skipped
        if (typeof v === 'string' && allowed.includes(v)) continue;
        const shown =
          typeof v === 'string'
            ? JSON.stringify(v)
            : v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean'
              ? String(v)
              : wxTypeName(v); // BigInt, objects: never JSON.stringify (throws, or is multi-line)
        return `parameter error: parameter.${name}[${i}] should be one of ${allowed.map((a) => `"${a}"`).join(', ')} instead of ${shown};`;
      }
      return undefined;
    },
  };
}

function enumString(name: string, allowed: readonly string[], required = false): ParamRule {
  return {
    type: 'String',
    required,
    check: (v: string) =>
      allowed.includes(v)
        ? undefined
        : `parameter error: parameter.${name} should be one of ${allowed.map((a) => `"${a}"`).join(', ')} instead of "${v}";`,
  };
}

/** count: an integer ≥ 1 (`min` for chooseMessageFile is 0); `max` only checked when `hardMax`. */
function countRule(min: number, max: number, hardMax: boolean, required = false): ParamRule {
  return {
    type: 'Number',
    required,
    check: (n: number) =>
      Number.isInteger(n) && n >= min && (!hardMax || n <= max)
        ? undefined
        : `parameter error: parameter.count should be an integer between ${min} and ${max} instead of ${n};`,
  };
}

const positiveNumber = (name: string): ParamRule => ({
  type: 'Number',
  check: (n: number) =>
    Number.isFinite(n) && n > 0 ? undefined : `parameter error: parameter.${name} should be a positive number instead of ${n};`,
});

function orDefault<T extends string>(list: T[] | undefined, def: readonly T[]): readonly T[] {
  return list && list.length ? list : def;
}

/** Temp-file extension from what the bytes are (not from a name the test gave). */
function tempExtOf(item: AlbumItem): string {
  return item.format === 'heif' ? 'heic' : item.format;
}

/** Extension of the item's name (chooseMessageFile's `extension` filter). */
function extOf(item: AlbumItem): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(item.name);
  if (m) return m[1].toLowerCase();
  return item.kind === 'video' ? 'mp4' : 'jpg';
}

/** Compares base-library versions (`2.25.0` style). */
function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map((x) => parseInt(x, 10) || 0);
  const b = min.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export function installMedia(host: RuntimeHost, wx: Record<string, unknown>): void {
  const device = host.device;

  /** The scripted user at a chooser: items, or ApiError('cancel') / the PickError reason. */
  const choose = (req: ChooseRequest): AlbumItem[] => {
    let picked: AlbumItem[] | 'cancel';
    try {
      picked = device.user.choose(device.album, req);
    } catch (err) {
      if (err instanceof PickError) throw new ApiError(err.message);
      throw err;
    }
    if (picked === 'cancel') throw new ApiError('cancel');
    return picked;
  };

  /** Copies an album item to a fresh temp file; compressed picks are re-encoded as JPEG. */
  const toTemp = (item: AlbumItem, compressed: boolean): { path: string; size: number } => {
    if (compressed && item.kind === 'image' && (item.format === 'jpg' || item.format === 'png')) {
      let bytes: Buffer | undefined;
      try {
        bytes = compressImageFile(item.hostPath, { quality: CHOOSER_COMPRESS_QUALITY });
      } catch (err) {
        // An album image we cannot decode (huge, or damaged past its header) is
        // handed out as it is, as a picker that cannot compress would.
        if (!(err instanceof CodecError)) throw err;
      }
      if (bytes) return { path: device.files.createTempFile('jpg', bytes), size: bytes.length };
    }
    return { path: device.files.createTempFile(tempExtOf(item), { copyFrom: item.hostPath }), size: item.size };
  };

  const onlyCompressed = (sizeType: readonly string[]) => sizeType.length === 1 && sizeType[0] === 'compressed';

  wx.chooseImage = defineAsync(
    host,
    'chooseImage',
    {
      params: {
        count: countRule(1, 9, false),
        sizeType: enumArray('sizeType', SIZE_TYPES),
        sourceType: enumArray('sourceType', SOURCE_TYPES),
      },
    },
    (o: { count?: number; sizeType?: string[]; sourceType?: string[] }) => {
      const compressed = onlyCompressed(orDefault(o.sizeType, SIZE_TYPES));
      const items = choose({ count: Math.min(o.count ?? 9, 9), kinds: ['image'], mix: false });
      const files = items.map((item) => toTemp(item, compressed));
      return { tempFilePaths: files.map((f) => f.path), tempFiles: files.map((f) => ({ path: f.path, size: f.size })) };
    },
  );

  wx.chooseMedia = defineAsync(
    host,
    'chooseMedia',
    {
      params: {
        count: countRule(1, 20, false),
        mediaType: enumArray('mediaType', MEDIA_TYPES),
        sourceType: enumArray('sourceType', SOURCE_TYPES),
        maxDuration: positiveNumber('maxDuration'),
        sizeType: enumArray('sizeType', SIZE_TYPES),
        camera: enumString('camera', CAMERAS),
      },
    },
    (o: { count?: number; mediaType?: string[]; sizeType?: string[] }) => {
      const max = versionAtLeast(device.system.SDKVersion, '2.25.0') ? 20 : 9;
      const mediaType = orDefault(o.mediaType, ['image', 'video']);
      const mix = mediaType.includes('mix');
      const kinds: MediaKind[] = mix ? ['image', 'video'] : (mediaType as MediaKind[]);
      const compressed = onlyCompressed(orDefault(o.sizeType, SIZE_TYPES));
      const items = choose({ count: Math.min(o.count ?? 9, max), kinds, mix });
      const tempFiles = items.map((item) => {
        const f = toTemp(item, compressed);
        if (item.kind === 'image') return { tempFilePath: f.path, size: f.size, fileType: 'image' };
        return {
          tempFilePath: f.path,
          size: f.size,
          duration: item.duration,
          height: item.height,
          width: item.width,
          thumbTempFilePath: device.files.createTempFile('jpg', device.album.thumbnail(item)),
          fileType: 'video',
        };
      });
      const picked = new Set(items.map((i) => i.kind));
      return { type: picked.size > 1 ? 'mix' : (items[0]?.kind ?? kinds[0]), tempFiles };
    },
  );

  wx.chooseVideo = defineAsync(
    host,
    'chooseVideo',
    {
      params: {
        sourceType: enumArray('sourceType', SOURCE_TYPES),
        compressed: { type: 'Boolean' },
        maxDuration: positiveNumber('maxDuration'),
        camera: enumString('camera', CAMERAS),
      },
    },
    () => {
      const [item] = choose({ count: 1, kinds: ['video'], mix: false });
      const f = toTemp(item, false);
      return { tempFilePath: f.path, duration: item.duration, size: f.size, height: item.height, width: item.width };
    },
  );

  wx.chooseMessageFile = defineAsync(
    host,
    'chooseMessageFile',
    {
      params: {
        count: countRule(0, 100, true, true),
        type: enumString('type', MESSAGE_FILE_TYPES),
        extension: {
          type: 'Array',
          check: arrayOf('extension', 'non-empty String', (e) => typeof e === 'string' && e.replace(/^\./, '') !== ''),
        },
      },
    },
    (o: { count: number; type?: string; extension?: string[] }) => {
      const type = o.type ?? 'all';
      const kinds: MediaKind[] = type === 'image' ? ['image'] : type === 'video' ? ['video'] : ['image', 'video'];
      const exts = type === 'file' && o.extension?.length ? o.extension.map((e) => e.replace(/^\./, '').toLowerCase()) : undefined;
      const filter = exts && { test: (item: AlbumItem) => exts.includes(extOf(item)), describe: `with extension ${exts.join('/')}` };
      const items = choose({ count: o.count, kinds, mix: true, filter });
      return {
        tempFiles: items.map((item) => {
          const f = toTemp(item, false);
          return { path: f.path, size: f.size, name: item.name, type: item.kind, time: item.time };
        }),
      };
    },
  );

  /** Resolves a local image path (temp, user, saved or code package) to its host path. */
  const localFile = (api: string, src: string): string => {
    try {
      return device.files.resolveFile(src).hostPath;
    } catch (err) {
      if (err instanceof FsError) {
        if (/^(https?:\/\/|cloud:\/\/)/i.test(src) && err.errno === 1301000) {
          // Network images need a download first. The network family may wire
          // wx.downloadFile in here later; until then this is an explicit fail.
          throw new ApiError(
            `mpsim: ${api} of a network URL is not supported yet; download it with wx.downloadFile and pass the tempFilePath`,
          );
        }
        if (err.errno === 1300002) throw new ApiError("file doesn't exist");
        throw new ApiError(err.message);
      }
      throw err;
    }
  };

  wx.getImageInfo = defineAsync(host, 'getImageInfo', { params: { src: { type: 'String', required: true } } }, (o: { src: string }) => {
    const info = tryProbeFile(localFile('getImageInfo', o.src));
    if (!info || info.kind !== 'image') throw new ApiError('unsupported image format');
    return {
      width: info.width,
      height: info.height,
      path: o.src,
      orientation: wxOrientation(info.exifOrientation),
      type: wxImageType(info.format),
    };
  });

  wx.compressImage = defineAsync(
    host,
    'compressImage',
    {
      params: {
        src: { type: 'String', required: true },
        quality: {
          type: 'Number',
          check: (q: number) =>
            q >= 0 && q <= 100 ? undefined : `parameter error: parameter.quality should be between 0 and 100 instead of ${q};`,
        },
        compressedWidth: positiveNumber('compressedWidth'),
        compressedHeight: positiveNumber('compressedHeight'),
      },
    },
    (o: { src: string; quality?: number; compressedWidth?: number; compressedHeight?: number }) => {
      const hostPath = localFile('compressImage', o.src);
      let bytes: Buffer;
      try {
        bytes = compressImageFile(hostPath, { quality: o.quality ?? 80, width: o.compressedWidth, height: o.compressedHeight });
      } catch (err) {
        if (err instanceof CodecError) throw new ApiError(err.message);
        throw err;
      }
      return { tempFilePath: device.files.createTempFile('jpg', bytes) };
    },
  );

  const previewRules: ParamRules = {
    urls: {
      type: 'Array',
      required: true,
      check: arrayOf('urls', 'String', (u) => typeof u === 'string', { nonEmpty: true }),
    },
    current: { type: 'String' },
    showmenu: { type: 'Boolean' },
    referrerPolicy: enumString('referrerPolicy', REFERRER_POLICIES),
  };
  wx.previewImage = defineAsync(
    host,
    'previewImage',
    { params: previewRules },
    (o: { urls: string[]; current?: string; showmenu?: boolean; referrerPolicy?: string }) => {
      device.user.previews.push({
        urls: [...o.urls],
        current: o.current ?? o.urls[0],
        showmenu: o.showmenu ?? true,
        referrerPolicy: o.referrerPolicy ?? 'no-referrer',
      });
      return {};
    },
  );
}
