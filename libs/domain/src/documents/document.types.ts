import type { Readable } from 'node:stream';
import type { DocumentParentKind, DocumentPurpose } from './document.rules.js';

/** Where a document is attached, as a caller names it. */
export type DocumentParent =
  | { kind: DocumentParentKind.Award; awardId: string }
  | { kind: DocumentParentKind.Condition; conditionId: string }
  | { kind: DocumentParentKind.Return; reportingPeriodId: string };

export interface UploadDocumentInput {
  /** The whole file. Callers stop reading at the size limit (DocumentsService.maxBytes) plus one byte. */
  content: Buffer;
  /** The uploader's file name: metadata only, cleaned before it is kept. */
  originalName: string;
  /** Defaults to the parent's own purpose (grant_agreement, condition_evidence, return_attachment). */
  purpose?: DocumentPurpose;
  title?: string | null;
  /** A commissioner adding to a partner's return says so (recorded in the audit trail). */
  onBehalf?: boolean;
}

export interface DocumentListQuery {
  /** On an award's list: only the award's own documents, or only conditions' or returns'. */
  parentKind?: DocumentParentKind;
}

export interface DocumentView {
  id: string;
  awardId: string;
  parentKind: DocumentParentKind;
  conditionId: string | null;
  reportingPeriodId: string | null;
  /** A return attachment's submitted version; null while it belongs to the working draft (and for other parents). */
  returnVersionNumber: number | null;
  purpose: DocumentPurpose;
  title: string | null;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedByUserId: string;
  uploadedAt: Date;
}

/** An opened document: what to tell the client, and its bytes. */
export interface DocumentDownload {
  document: DocumentView;
  /** The name to save it under (the kept name, with the right extension). */
  fileName: string;
  /** The type to serve it as (text gets `; charset=utf-8`). */
  contentType: string;
  content: Readable;
}
