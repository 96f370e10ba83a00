import { fileTypeFromBuffer } from 'file-type';

/** What a file's bytes say it is (its magic numbers and structure), whatever its name claims. */
export interface SniffedType {
  mediaType: string;
  extension: string;
}

/**
 * The type `file-type` reads from the bytes, or undefined when they carry no signature it knows
 * (plain text has none). Zip-based office files (DOCX, XLSX, ODT, ODS) are told apart by their
 * entries, so a plain zip or a macro-enabled document is not taken for one.
 */
export async function sniffMediaType(content: Uint8Array): Promise<SniffedType | undefined> {
  const found = await fileTypeFromBuffer(content);
  return found ? { mediaType: found.mime, extension: found.ext } : undefined;
}

/** Tab, line feed, form feed and carriage return: the only control characters text files use. */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/**
 * Whether bytes are plain text: valid UTF-8 (a BOM allowed) with no NUL or other control
 * characters. Text has no signature, so this is what stands between a ".txt" name and a binary.
 */
export function isPlainText(content: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return false;
  }
  return !CONTROL.test(text);
}

/**
 * Text that a browser would sniff as a web page or an image it runs (HTML, SVG, XML): refused as
 * "text" even though it is served as an attachment with nosniff, so a renamed page is never stored.
 */
export function looksLikeMarkup(content: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(content.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return /^<(?:!doctype|html|head|body|script|iframe|svg|\?xml|!--)/.test(head);
}
