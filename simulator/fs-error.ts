/**
 * File-system failures as the client reports them: an errno from the documented
 * table (wx-api-semantics §4.3) and the message that follows `<api>:fail `.
 * The simulator throws these; the runtime turns them into errMsg strings.
 */
export class FsError extends Error {
  constructor(
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
  static exists(wxPath: string): FsError {
    return new FsError(1301005, `file already exists ${wxPath}`);
  }
  static notEmpty(wxPath: string): FsError {
    return new FsError(1300066, `directory not empty ${wxPath}`);
  }
  static invalid(what = 'Invalid argument'): FsError {
    return new FsError(1300022, what);
  }
  static quota(): FsError {
    return new FsError(1300202, 'the maximum size of the file storage limit is exceeded');
  }
  static nameTooLong(wxPath: string): FsError {
    return new FsError(1300036, `File name too long ${wxPath}`);
  }
  static badFd(): FsError {
    return new FsError(1300009, 'bad file descriptor');
  }
}
