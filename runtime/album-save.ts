/**
 * Saving into the phone's album and the media/document APIs beyond the
 * choosers: saveImageToPhotosAlbum / saveVideoToPhotosAlbum (behind
 * scope.writePhotosAlbum, into `mpsim.album`), getVideoInfo (probed),
 * compressVideo, openDocument, previewMedia (recorded), chooseAddress and
 * chooseInvoiceTitle (the scripted user's answers).
 */
import { FsError } from '../simulator/fs-error';
import { baseName, extName } from '../simulator/host-services';
import { probeFile } from '../simulator/media/probe';
import { ApiError, defineAsync } from './convention';
import { oneOf, recordedAsync } from './family';
import type { RuntimeHost } from './host';
import { ensureScope } from './auth';
import { tag } from './kinds';

const DOCUMENT_TYPES = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'];

export function installAlbumSave(host: RuntimeHost, wx: Record<string, unknown>): void {
  const device = host.device;
  const phone = device.phone;

  /** A local file (host path and size), or the client's fail for a missing one. */
  const local = (p: string): { hostPath: string; size: number } => {
    try {
      return device.files.resolveFile(p);
    } catch (err) {
      if (err instanceof FsError) throw new ApiError(err.errno === 1300002 ? 'file not exists' : err.message, { errno: err.errno });
      throw err;
    }
  };

  /** A local media file of `kind`, probed; `failText` when it is not one. */
  const media = (p: string, kind: 'image' | 'video', failText: string) => {
    const file = local(p);
    let info;
    try {
      info = probeFile(file.hostPath);
    } catch {
      throw new ApiError(failText);
    }
    if (info.kind !== kind) throw new ApiError(failText);
    return { ...file, info };
  };

  const save = (name: string, kind: 'image' | 'video') =>
    defineAsync(host, name, { params: { filePath: { type: 'String', required: true } } }, (o: { filePath: string }) => {
      ensureScope(host, 'scope.writePhotosAlbum');
      const { hostPath } = media(o.filePath, kind, 'invalid file type');
      device.album.add(hostPath, { name: baseName(hostPath) });
      return {};
    });
  wx.saveImageToPhotosAlbum = save('saveImageToPhotosAlbum', 'image');
  wx.saveVideoToPhotosAlbum = save('saveVideoToPhotosAlbum', 'video');

  wx.getVideoInfo = defineAsync(host, 'getVideoInfo', { params: { src: { type: 'String', required: true } } }, (o: { src: string }) => {
    const { info, size: bytes } = media(o.src, 'video', 'invalid video');
    const duration = info.duration ?? 0;
    return {
      orientation: 'up',
      type: info.format,
      duration,
      size: Math.round(bytes / 1024),
      width: info.width,
      height: info.height,
      // fps is not probed: 30 (UNCONFIRMED for the file); bitrate in kbps from size and duration
      fps: 30,
      bitrate: duration > 0 ? Math.round((bytes * 8) / 1000 / duration) : 0,
    };
  });

  // compressVideo: mpsim does not transcode; the "compressed" file is a copy of the source
  // (same bytes), so sizes and upload paths are real. Said in docs/wx-api.md.
  wx.compressVideo = defineAsync(
    host,
    'compressVideo',
    {
      params: {
        src: { type: 'String', required: true },
        quality: oneOf('quality', ['low', 'medium', 'high']),
        bitrate: { type: 'Number' },
        fps: { type: 'Number' },
        resolution: { type: 'Number' },
      },
    },
    (o: { src: string }) => {
      const { info, hostPath, size } = media(o.src, 'video', 'invalid video');
      const tempFilePath = device.files.createTempFile(info.format === 'mov' ? 'mov' : 'mp4', { copyFrom: hostPath });
      return { tempFilePath, size: Math.round(size / 1024) };
    },
  );

  wx.openDocument = defineAsync(
    host,
    'openDocument',
    {
      params: { filePath: { type: 'String', required: true }, fileType: oneOf('fileType', DOCUMENT_TYPES), showMenu: { type: 'Boolean' } },
    },
    (o: { filePath: string; fileType?: string }) => {
      local(o.filePath);
      const type = o.fileType ?? extName(o.filePath).slice(1).toLowerCase();
      if (!DOCUMENT_TYPES.includes(type)) throw new ApiError('filetype not supported');
      phone.record('openDocument', [o]);
      return {};
    },
  );

  wx.chooseAddress = defineAsync(host, 'chooseAddress', {}, () => {
    ensureScope(host, 'scope.address');
    const a = phone.addressAnswers.next();
    if (a === 'cancel') throw new ApiError('cancel');
    return { ...(a ?? phone.address) };
  });
  wx.chooseInvoiceTitle = defineAsync(host, 'chooseInvoiceTitle', {}, () => {
    ensureScope(host, 'scope.invoiceTitle');
    return {
      type: '0',
      title: 'mpsim 科技有限公司',
      taxNumber: '91440300MA5XXXXXXX',
      companyAddress: '',
      telephone: '',
      bankName: '',
      bankAccount: '',
    };
  });

  recordedAsync(host, wx, {
    previewMedia: { params: { sources: { type: 'Array', required: true } } },
  });

  tag(wx, 'simulated', ['saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum', 'getVideoInfo', 'compressVideo', 'openDocument']);
  tag(wx, 'scripted', ['chooseAddress', 'chooseInvoiceTitle']);
}
