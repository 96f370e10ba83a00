/**
 * File names as users send them are metadata only: never a path, never a storage key. What is
 * kept is cleaned of what could fool a person or a program that shows it.
 */

/** C0/C1 controls and DEL; bidirectional overrides, embeddings and isolates (RTL spoofing: "invoice\u202Efdp.exe"); BOM and zero-width marks. */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
/** Lone UTF-16 surrogates cannot be stored in PostgreSQL text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const MAX_FILE_NAME_LENGTH = 200;

/**
 * The name to keep: the last path segment (either slash), without control or direction
 * characters, NFC, trimmed, at most 200 characters (keeping the extension), never empty, never
 * `.` or `..`.
 */
export function cleanFileName(name: string | null | undefined, fallback = 'document'): string {
  const base = (name ?? '').replace(LONE_SURROGATE, '').split(/[\\/]/).pop() ?? '';
  let cleaned = base.normalize('NFC').replace(/[\t\n\v\f\r]/g, ' ').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  cleaned = cleaned.replace(/^\.+$/, '');
  if (!cleaned) return fallback;
  if ([...cleaned].length > MAX_FILE_NAME_LENGTH) {
    const ext = extensionOf(cleaned);
    const keep = MAX_FILE_NAME_LENGTH - (ext ? ext.length + 1 : 0);
    cleaned = [...cleaned].slice(0, keep).join('').trimEnd() + (ext ? `.${ext}` : '');
  }
  return cleaned;
}

/** `Report.Final.PDF` -> `pdf`; '' when there is none (or it is implausibly long). */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? match[1]!.toLowerCase() : '';
}

/**
 * The name a download is saved under: the kept name, with the extension of what the bytes are
 * appended when the name says otherwise (`minutes.pdf` holding a PNG saves as `minutes.pdf.png`),
 * so the saved file opens in the program its content is for.
 */
export function downloadFileName(name: string, extension: string, alsoAccepted: readonly string[] = []): string {
  const own = extensionOf(name);
  return own === extension || alsoAccepted.includes(own) ? name : `${name}.${extension}`;
}

/** RFC 5987 attr-char: everything else is percent-encoded as UTF-8. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/**
 * `Content-Disposition: attachment` with a plain ASCII `filename` for old clients and the exact
 * name in `filename*` (RFC 6266 / RFC 5987). Never `inline`: a stored file is saved, not rendered.
 */
export function attachmentDisposition(name: string): string {
  const cleaned = cleanFileName(name);
  const ascii = cleaned.replace(/[^A-Za-z0-9 ._()-]/g, '_').replace(/^[ .]+/, '') || 'document';
  const encoded = [...Buffer.from(cleaned, 'utf8')].map((byte) => (byte < 0x80 && ATTR_CHAR.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
