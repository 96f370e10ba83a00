import { DomainError } from '#platform/index.js';
import { describeBytes } from './document.rules.js';

/** Published codes; a published code is never renamed. */
export enum DocumentErrorCode {
  /** 413: the file is over FILES_MAX_BYTES. */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** 415: the file's bytes are not an accepted type. */
  UnsupportedFileType = 'UNSUPPORTED_FILE_TYPE',
}

export class FileTooLargeError extends DomainError {
  constructor(maxBytes: number, field = 'file') {
    super(DocumentErrorCode.FileTooLarge, `${field} is larger than the limit of ${describeBytes(maxBytes)} (${maxBytes} bytes)`, { field, maxBytes });
  }
}

export class UnsupportedFileTypeError extends DomainError {
  constructor(reason: string, field = 'file') {
    super(DocumentErrorCode.UnsupportedFileType, `${field} ${reason}`, { field });
  }
}
