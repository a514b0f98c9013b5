/**
 * `require('mpsim/vod-upload')` — the Alibaba-VOD-style VODUpload SDK for mini
 * programs (seed 002 interface), written only against `wx.*`.
 */
export type FileState = 'Ready' | 'Uploading' | 'Success' | 'Failure' | 'Canceled' | 'Stoped';

export interface UploadInfo {
  url: string;
  coverUrl?: string;
  file: { url: string; coverUrl?: string; name: string; size?: number };
  state: FileState;
  isImage: boolean;
  fileSize?: number;
  fileHash?: string;
  userData?: string;
  videoInfo: Record<string, unknown>;
  endpoint?: string;
  bucket?: string;
  object?: string;
  region?: string;
  videoId?: string;
  /** 0..1 */
  loaded: number;
  retry: boolean;
  ri: string;
}

export interface UploadError extends Error {
  code: string;
  status?: number;
}

export interface VODUploadOptions {
  userId?: string;
  region?: string;
  partSize?: number;
  parallel?: number;
  retryCount?: number;
  retryDuration?: number;
  timeout?: number;
  /** Files larger than this many bytes use OSS multipart (default 5 MiB). */
  multipartThreshold?: number;
  addFileSuccess?(uploadInfo: UploadInfo): void;
  onUploadstarted?(uploadInfo: UploadInfo): void;
  onUploadSucceed?(uploadInfo: UploadInfo): void;
  onUploadFailed?(uploadInfo: UploadInfo, code: string, message: string): void;
  /** `loadedPercent` is a 0..1 fraction. */
  onUploadProgress?(uploadInfo: UploadInfo, totalSize: number, loadedPercent: number): void;
  onUploadTokenExpired?(uploadInfo: UploadInfo, err: UploadError): void;
  onUploadCanceled?(uploadInfo: UploadInfo, err: UploadError): void;
  onUploadEnd?(uploadInfo: UploadInfo): void;
}

export declare class VODUpload {
  constructor(options?: VODUploadOptions);
  addFile(
    file: { url: string; coverUrl?: string },
    endpoint?: string | null,
    bucket?: string | null,
    object?: string | null,
    userData?: string | null,
  ): boolean;
  deleteFile(index: number): boolean;
  cancelFile(index: number): boolean;
  resumeFile(index: number): boolean;
  listFiles(): UploadInfo[];
  cleanList(): void;
  startUpload(): void;
  stopUpload(): void;
  setUploadAuthAndAddress(uploadInfo: UploadInfo, uploadAuth: string, uploadAddress: string, videoId?: string): boolean;
  setSTSToken(uploadInfo: UploadInfo, accessKeyId: string, accessKeySecret: string, securityToken: string): boolean;
  resumeUploadWithAuth(uploadAuth: string): boolean;
  resumeUploadWithSTSToken(accessKeyId: string, accessKeySecret: string, securityToken: string, expireTime?: string): boolean;
}

export default VODUpload;
