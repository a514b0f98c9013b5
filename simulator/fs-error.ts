/**
 * File-system failures as the client reports them: an errno from the documented
 * table (wx-api-semantics §4.3) and the message that follows `<api>:fail `.
 * The simulator throws these; the runtime turns them into errMsg strings.
 *
 * Where the table gives a message and the older per-API docs give a variant with
 * the path, the path is appended (`no such file or directory wxfile://usr/a`):
 * the research recommends that form; exact punctuation per platform is UNCONFIRMED.
 */
export class FsError extends Error {
  constructor(
    /** The documented errno (1300001 ... 1302100). */
    readonly errno: number,
    message: string,
  ) {
    super(message);
  }

  static noEntry(wxPath: string): FsError {
    return new FsError(1300002, `no such file or directory ${wxPath}`);
  }
  /** Writing where only reading is allowed (temp, saved and code-package files). */
  static readOnly(wxPath: string): FsError {
    return new FsError(1300013, `permission denied, open ${wxPath}`);
  }
  /** A path outside every area the mini program may touch (escapes, unknown schemes). */
  static outside(wxPath: string): FsError {
    return new FsError(1301000, `permission denied, cannot access file path ${wxPath}`);
  }
  static notDirectory(wxPath: string): FsError {
    return new FsError(1300020, `not a directory ${wxPath}`);
  }
  static isDirectory(wxPath: string): FsError {
    return new FsError(1300021, `Is a directory ${wxPath}`);
  }
  /** A file-only operation (readFile, unlink, copyFile source ...) given a directory. */
  static illegalOnDirectory(wxPath: string, op = 'open'): FsError {
    return new FsError(1301003, `illegal operation on a directory, ${op} ${wxPath}`);
  }
  static exists(wxPath: string): FsError {
    return new FsError(1301005, `file already exists ${wxPath}`);
  }
  static notEmpty(wxPath: string): FsError {
    return new FsError(1300066, `directory not empty ${wxPath}`);
  }
  static invalid(what = 'Invalid argument'): FsError {
    return new FsError(1300022, what);
  }
  /** Quota of user + saved files full, or a single readFile over 100 MB. */
  static quota(): FsError {
    return new FsError(1300202, 'the maximum size of the file storage limit is exceeded');
  }
  static nameTooLong(wxPath: string): FsError {
    return new FsError(1300036, `File name too long ${wxPath}`);
  }
  static badFd(): FsError {
    return new FsError(1300009, 'bad file descriptor');
  }
  static base64(): FsError {
    return new FsError(1300203, 'base64 encode error');
  }
  static lengthRange(): FsError {
    return new FsError(1301006, 'value of length is out of range');
  }
  static offsetRange(): FsError {
    return new FsError(1301007, 'value of offset is out of range');
  }
  static positionRange(): FsError {
    return new FsError(1301009, 'value of position is out of range');
  }
  static tempMissing(): FsError {
    return new FsError(1301112, 'tempFilePath file not exist');
  }
  static brotli(): FsError {
    return new FsError(1301111, 'brotli decompress fail');
  }
  static unzipOpen(): FsError {
    return new FsError(1301102, 'unzip open file fail');
  }
  static unzipEntry(name?: string): FsError {
    return new FsError(1301103, name ? `unzip entry fail ${name}` : 'unzip entry fail');
  }
  static unzip(): FsError {
    return new FsError(1301104, 'unzip fail');
  }
  /** The fd was opened without the access the operation needs (read on `w`, write on `r`). */
  static fdPermission(): FsError {
    // The table's message is "fail permission denied"; the leading "fail" is the
    // `<api>:fail` prefix itself, so the reason is `permission denied` (UNCONFIRMED).
    return new FsError(1302001, 'permission denied');
  }
  static tooManyFds(): FsError {
    return new FsError(1302002, 'excced max concurrent fd limit'); // (sic), as documented
  }
  static invalidFlag(): FsError {
    return new FsError(1302003, 'invalid flag');
  }
  static flagPermission(): FsError {
    return new FsError(1302004, 'permission denied when open using flag');
  }
}
