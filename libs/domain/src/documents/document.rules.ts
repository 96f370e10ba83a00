import { Role } from '../access/role.js';

/** Documents (issue 14 item 12): what may be attached where, by whom, and which files. Pure. */

/** What a document hangs off: an award, one of its conditions, or a reporting period's return. */
export enum DocumentParentKind {
  Award = 'award',
  Condition = 'condition',
  Return = 'return',
}

/**
 * Why it was attached. Each parent has its own purpose, or `other`:
 * - `grant_agreement`: the signed agreement (or its variation letters) on an award;
 * - `condition_evidence`: evidence that a condition is met (a policy, a certificate, minutes);
 * - `return_attachment`: supporting a monitoring return (case studies, spend breakdowns).
 * Held by a CHECK in migrations/1764003450000-documents.ts.
 */
export enum DocumentPurpose {
  GrantAgreement = 'grant_agreement',
  ConditionEvidence = 'condition_evidence',
  ReturnAttachment = 'return_attachment',
  Other = 'other',
}

export const DEFAULT_PURPOSE: Readonly<Record<DocumentParentKind, DocumentPurpose>> = {
  [DocumentParentKind.Award]: DocumentPurpose.GrantAgreement,
  [DocumentParentKind.Condition]: DocumentPurpose.ConditionEvidence,
  [DocumentParentKind.Return]: DocumentPurpose.ReturnAttachment,
};

/** The purposes a parent takes: its own, or `other`. */
export function purposesFor(kind: DocumentParentKind): DocumentPurpose[] {
  return [DEFAULT_PURPOSE[kind], DocumentPurpose.Other];
}

/**
 * Who attaches what (docs/design.md#who-uses-it): commissioners manage awards and their conditions, so they
 * attach grant agreements and condition evidence; a partner attaches evidence to its own awards'
 * conditions and files to its own returns. A commissioner adds to a partner's return only on its
 * behalf (recorded), as with the return itself. Finance, admins and viewers attach nothing.
 */
export function mayUpload(role: Role, kind: DocumentParentKind): boolean {
  switch (kind) {
    case DocumentParentKind.Award:
      return role === Role.Commissioner;
    case DocumentParentKind.Condition:
    case DocumentParentKind.Return:
      return role === Role.Commissioner || role === Role.Partner;
  }
}

/** A type we accept, as its bytes show it, with the extensions its files go by. */
export interface AcceptedType {
  mediaType: string;
  extensions: readonly string[];
  label: string;
}

/**
 * Accepted by signature (file-type reads it from the bytes). Zip-based office formats are told
 * from other zips by their entries; macro-enabled ones (docm, xlsm) and legacy binaries (doc,
 * xls) are not accepted.
 */
export const SIGNED_TYPES: readonly AcceptedType[] = [
  { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  { mediaType: 'image/png', extensions: ['png'], label: 'PNG' },
  { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word (DOCX)' },
  { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel (XLSX)' },
  { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], label: 'OpenDocument text (ODT)' },
  { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], label: 'OpenDocument spreadsheet (ODS)' },
];

/**
 * Text has no signature: it is accepted only when the name says .csv or .txt AND the bytes are
 * UTF-8 with no control characters AND they do not open like a web page (HTML, SVG, XML).
 */
export const TEXT_TYPES: readonly AcceptedType[] = [
  { mediaType: 'text/csv', extensions: ['csv'], label: 'CSV' },
  { mediaType: 'text/plain', extensions: ['txt'], label: 'plain text' },
];

/** Every media type a document can have, and so be downloaded as. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = [...SIGNED_TYPES, ...TEXT_TYPES].map((t) => t.mediaType);

export const ACCEPTED_TYPES_TEXT = [...SIGNED_TYPES, ...TEXT_TYPES].map((t) => t.label).join(', ');

/** What is known about an uploaded file's bytes, from libs/platform/src/files/media-type.ts. */
export interface FileEvidence {
  /** The signature's type, if the bytes have one file-type knows. */
  sniffed?: { mediaType: string; extension: string };
  /** The uploader's file name's extension, lower case ('' when none). */
  nameExtension: string;
  isPlainText: boolean;
  looksLikeMarkup: boolean;
}

export type FileVerdict = { accepted: true; type: AcceptedType } | { accepted: false; reason: string };

/** Decides a file by its bytes; the name only ever narrows (text must also be named as text). */
export function judgeFile(file: FileEvidence): FileVerdict {
  if (file.sniffed) {
    const type = SIGNED_TYPES.find((t) => t.mediaType === file.sniffed!.mediaType);
    if (type) return { accepted: true, type };
    return { accepted: false, reason: `is ${file.sniffed.mediaType} (.${file.sniffed.extension}) by its content, which is not accepted; accepted: ${ACCEPTED_TYPES_TEXT}` };
  }
  const text = TEXT_TYPES.find((t) => t.extensions.includes(file.nameExtension));
  if (!text) return { accepted: false, reason: `matches no accepted type by its content (${SIGNED_TYPES.map((t) => t.label).join(', ')}); CSV and plain text must be named .csv or .txt` };
  if (!file.isPlainText) return { accepted: false, reason: `is named .${file.nameExtension} but its content is not UTF-8 text (binary data or control characters)` };
  if (file.looksLikeMarkup) return { accepted: false, reason: `is named .${file.nameExtension} but its content is HTML, SVG or XML markup, which is not accepted` };
  return { accepted: true, type: text };
}

/** Sizes for people: 10485760 -> "10 MB", 1536 -> "1.5 KB". */
export function describeBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
