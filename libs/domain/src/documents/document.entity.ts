import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentParentKind, DocumentPurpose } from './document.rules.js';

const bytes = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A file attached to an award, a condition or a reporting period's return
 * (migrations/1764003450000-documents.ts). The bytes are in the file store under `storageKey`;
 * `originalName` is what the uploader called it, kept for people, never used as a path.
 */
@Entity('document')
export class Document {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always set: the award itself, or the award of the condition or period. */
  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'text' })
  parentKind: DocumentParentKind;

  @Column({ type: 'uuid', nullable: true })
  awardConditionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  reportingPeriodId: string | null;

  /** A return attachment's submitted version; null while it belongs to the working draft. */
  @Column({ type: 'uuid', nullable: true })
  returnVersionId: string | null;

  @Column({ type: 'text' })
  purpose: DocumentPurpose;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text' })
  storageKey: string;

  @Column({ type: 'text' })
  originalName: string;

  /** What the bytes are (sniffed), never what the uploader said they were. */
  @Column({ type: 'text' })
  mediaType: string;

  @Column({ type: 'bigint', transformer: bytes })
  sizeBytes: number;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'uuid' })
  uploadedByUserId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  uploadedAt: Date;
}
