import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  DomainError,
  FILE_STORE,
  NotFoundError,
  ValidationError,
  cleanFileName,
  downloadFileName,
  extensionOf,
  isPlainText,
  looksLikeMarkup,
  newStorageKey,
  sniffMediaType,
  type AppConfig,
  type FileStore,
} from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { Role } from '../access/role.js';
import { AuditService } from '../audit/audit.service.js';
import { Document } from './document.entity.js';
import { FileTooLargeError, UnsupportedFileTypeError } from './document.errors.js';
import { DocumentParentKind, SIGNED_TYPES, TEXT_TYPES, DEFAULT_PURPOSE, judgeFile, mayUpload, purposesFor, type AcceptedType } from './document.rules.js';
import type { DocumentDownload, DocumentListQuery, DocumentParent, DocumentView, UploadDocumentInput } from './document.types.js';

/** Where a document goes, once its parent is found and visible to the actor. */
interface ResolvedParent {
  kind: DocumentParentKind;
  awardId: string;
  conditionId: string | null;
  periodId: string | null;
}

const MAX_TITLE = 200;

/**
 * Documents attached to awards, conditions and monitoring returns: the bytes in the file store
 * (FILE_STORE), a row per document, an audit row per upload (metadata, never the bytes).
 *
 * Parents are read by SQL on `award`, `award_condition`, `reporting_period` and
 * `monitoring_return` (ownership and status only) rather than through their services:
 * ReturnsModule depends on this one (a schedule change keeps periods that have attachments), so
 * depending back on it would be a cycle.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The largest file accepted, in bytes (FILES_MAX_BYTES). Upload parsers stop reading past it. */
  get maxBytes(): number {
    return this.config.files.maxBytes;
  }

  /**
   * Attaches a file. Who: a commissioner to an award (grant agreement) or a condition; a partner
   * to its own awards' conditions and its own returns; a commissioner to a partner's return only
   * with `onBehalf`. The bytes decide the type (415 UNSUPPORTED_FILE_TYPE), the size limit is
   * FILES_MAX_BYTES (413 FILE_TOO_LARGE), an empty file or a bad purpose/title is 400 VALIDATION
   * naming the field. NOT_FOUND for a parent that does not exist or is another organisation's;
   * 409 INVALID_TRANSITION for a return that stands accepted (reopen it first). Writes the file,
   * then the row and its audit row in one transaction; if that fails the file is removed again.
   * A return attachment belongs to the working draft until the return is next submitted.
   */
  async upload(actor: Actor, parent: DocumentParent, input: UploadDocumentInput): Promise<DocumentView> {
    if (!mayUpload(actor.role, parent.kind) || !actor.userId) {
      throw new DomainError('FORBIDDEN', `a ${actor.role} cannot attach documents to ${parent.kind === DocumentParentKind.Return ? 'a return' : `an ${parent.kind}`}`);
    }
    this.checkOnBehalf(actor, parent.kind, input.onBehalf);
    const purpose = input.purpose ?? DEFAULT_PURPOSE[parent.kind];
    if (!purposesFor(parent.kind).includes(purpose)) throw new ValidationError('purpose', `must be one of ${purposesFor(parent.kind).join(', ')} for a document on ${parent.kind === DocumentParentKind.Return ? 'a return' : `an ${parent.kind}`}`);
    const title = input.title?.trim() ? input.title.trim() : null;
    if (title !== null && [...title].length > MAX_TITLE) throw new ValidationError('title', `must be at most ${MAX_TITLE} characters`);
    const content = input.content;
    if (content.length === 0) throw new ValidationError('file', 'is empty');
    if (content.length > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
    const originalName = cleanFileName(input.originalName);
    const type = await this.judge(content, originalName);

    // Checked before anything is stored, so a refused request never writes a file; checked
    // again under lock inside the transaction.
    await this.requireParent(this.dataSource.manager, actor, parent, { attaching: true });
    const storageKey = newStorageKey();
    const sha256 = createHash('sha256').update(content).digest('hex');
    await this.store.put(storageKey, content, { mediaType: type.mediaType, sha256 });
    try {
      return await this.dataSource.transaction(async (tx) => {
        const target = await this.requireParent(tx, actor, parent, { lock: true, attaching: true });
        const document = tx.create(Document, {
          awardId: target.awardId,
          parentKind: target.kind,
          awardConditionId: target.conditionId,
          reportingPeriodId: target.periodId,
          returnVersionId: null,
          purpose,
          title,
          storageKey,
          originalName,
          mediaType: type.mediaType,
          sizeBytes: content.length,
          sha256,
          uploadedByUserId: actor.userId!,
        });
        await tx.insert(Document, document);
        const saved = await tx.findOneByOrFail(Document, { id: document.id });
        const view = toDocumentView(saved, null);
        await this.audit.record(tx, actor, {
          action: input.onBehalf ? 'document.upload-on-behalf' : 'document.upload',
          entityType: 'document',
          entityId: view.id,
          after: view,
        });
        return view;
      });
    } catch (error) {
      // No orphan: the row never committed, so the bytes go too. A crash between the two is
      // left to sweepOrphanFiles.
      await this.store.delete(storageKey).catch((e: unknown) => this.logger.error({ err: e, storageKey }, 'could not remove the file of a failed upload; the orphan sweep will'));
      throw error;
    }
  }

  /**
   * The documents of a parent, oldest first. On an award: every document of the award (its own,
   * its conditions', its returns'), or only one kind with `parentKind`. Anyone who can read the
   * parent: staff any, a partner its own organisation's (another's is NOT_FOUND).
   */
  async list(actor: Actor, parent: DocumentParent, query: DocumentListQuery = {}): Promise<DocumentView[]> {
    const target = await this.requireParent(this.dataSource.manager, actor, parent);
    const qb = this.dataSource
      .getRepository(Document)
      .createQueryBuilder('d')
      .innerJoin('award', 'a', 'a.id = d.award_id')
      .leftJoin('return_version', 'v', 'v.id = d.return_version_id')
      .addSelect('v.version_number', 'version_number');
    if (target.kind === DocumentParentKind.Award) {
      qb.where('d.award_id = :id', { id: target.awardId });
      if (query.parentKind) qb.andWhere('d.parent_kind = :kind', { kind: query.parentKind });
    } else if (target.kind === DocumentParentKind.Condition) {
      qb.where('d.award_condition_id = :id', { id: target.conditionId });
    } else {
      qb.where('d.reporting_period_id = :id', { id: target.periodId });
    }
    // docs/design.md#invariant-8, in the query as everywhere (row-level security is the second wall).
    scopeToActor(qb, actor, 'a.recipient_organisation_id');
    const { entities, raw } = await qb.orderBy('d.uploaded_at', 'ASC').addOrderBy('d.id', 'ASC').getRawAndEntities();
    const versions = new Map(raw.map((r: Record<string, unknown>) => [r['d_id'], versionOf(r)]));
    return entities.map((d) => toDocumentView(d, versions.get(d.id) ?? null));
  }

  /**
   * One document's metadata and bytes, for download. Anyone who can read its parent; NOT_FOUND
   * otherwise, exactly as for an id that does not exist.
   */
  async open(actor: Actor, documentId: string): Promise<DocumentDownload> {
    const qb = this.dataSource
      .getRepository(Document)
      .createQueryBuilder('d')
      .innerJoin('award', 'a', 'a.id = d.award_id')
      .leftJoin('return_version', 'v', 'v.id = d.return_version_id')
      .addSelect('v.version_number', 'version_number')
      .where('d.id = :documentId', { documentId });
    const { entities, raw } = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawAndEntities();
    const document = entities[0];
    if (!document) throw new NotFoundError('document', documentId);
    const type = acceptedType(document.mediaType);
    const content = await this.store.get(document.storageKey);
    return {
      document: toDocumentView(document, versionOf(raw[0])),
      fileName: type ? downloadFileName(document.originalName, type.extensions[0]!, type.extensions) : document.originalName,
      contentType: document.mediaType.startsWith('text/') ? `${document.mediaType}; charset=utf-8` : document.mediaType,
      content,
    };
  }

  /**
   * For a schedule change (ReturnsModule), inside its transaction: which of these periods have
   * attachments, so the change keeps them as it keeps periods with a return.
   */
  async periodsWithDocuments(tx: EntityManager, periodIds: string[]): Promise<Set<string>> {
    if (periodIds.length === 0) return new Set();
    const rows = (await tx.query(`SELECT DISTINCT reporting_period_id FROM document WHERE reporting_period_id = ANY($1::uuid[])`, [periodIds])) as { reporting_period_id: string }[];
    return new Set(rows.map((r) => r.reporting_period_id));
  }

  /**
   * Removes stored files that no document row names and that were written before `olderThan`:
   * what a crash between writing a file and committing its row leaves behind. Returns the keys
   * removed. Run by operators or a scheduler, never with a cutoff closer than an upload takes.
   */
  async sweepOrphanFiles(olderThan: Date): Promise<string[]> {
    const removed: string[] = [];
    let batch: string[] = [];
    const flush = async () => {
      const known = new Set(((await this.dataSource.query(`SELECT storage_key FROM document WHERE storage_key = ANY($1::text[])`, [batch])) as { storage_key: string }[]).map((r) => r.storage_key));
      for (const key of batch.filter((k) => !known.has(k))) {
        await this.store.delete(key);
        removed.push(key);
      }
      batch = [];
    };
    for await (const entry of this.store.list()) {
      if (entry.lastModified >= olderThan) continue;
      batch.push(entry.key);
      if (batch.length >= 500) await flush();
    }
    if (batch.length) await flush();
    if (removed.length) this.logger.warn({ removed: removed.length }, 'removed stored files that no document names');
    return removed;
  }

  // ---- internals -------------------------------------------------------------------------

  /** Only the partner adds to its return; a commissioner only on its behalf, as with the return itself. */
  private checkOnBehalf(actor: Actor, kind: DocumentParentKind, onBehalf: boolean | undefined): void {
    if (kind !== DocumentParentKind.Return) {
      if (onBehalf) throw new ValidationError('onBehalf', 'is only for a commissioner adding to a partner\'s return');
      return;
    }
    if (actor.role === Role.Partner && onBehalf) throw new ValidationError('onBehalf', 'is for commissioners adding to a return for a partner');
    if (actor.role !== Role.Partner && !onBehalf) {
      throw new DomainError('ON_BEHALF_REQUIRED', 'only the partner adds to its return; a commissioner may do so on its behalf with onBehalf: true');
    }
  }

  private async judge(content: Buffer, originalName: string): Promise<AcceptedType> {
    const verdict = judgeFile({
      sniffed: await sniffMediaType(content),
      nameExtension: extensionOf(originalName),
      isPlainText: isPlainText(content),
      looksLikeMarkup: looksLikeMarkup(content),
    });
    if (!verdict.accepted) throw new UnsupportedFileTypeError(verdict.reason);
    return verdict.type;
  }

  /**
   * The parent as the actor may see it: NOT_FOUND when it does not exist or is another
   * organisation's. With `lock`, a return's row is share-locked so an upload and a submission
   * or review of the same return queue up. With `attaching`, an accepted return is refused (it
   * takes no attachments); reading its list is not (an accepted return's pages show them).
   */
  private async requireParent(tx: EntityManager, actor: Actor, parent: DocumentParent, options: { lock?: boolean; attaching?: boolean } = {}): Promise<ResolvedParent> {
    if (parent.kind === DocumentParentKind.Award) {
      const qb = tx.createQueryBuilder().select('a.id', 'award_id').from('award', 'a').where('a.id = :id', { id: parent.awardId });
      const row = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawOne<{ award_id: string }>();
      if (!row) throw new NotFoundError('award', parent.awardId);
      return { kind: parent.kind, awardId: row.award_id, conditionId: null, periodId: null };
    }
    if (parent.kind === DocumentParentKind.Condition) {
      const qb = tx
        .createQueryBuilder()
        .select('c.award_id', 'award_id')
        .from('award_condition', 'c')
        .innerJoin('award', 'a', 'a.id = c.award_id')
        .where('c.id = :id', { id: parent.conditionId });
      const row = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawOne<{ award_id: string }>();
      if (!row) throw new NotFoundError('condition', parent.conditionId);
      return { kind: parent.kind, awardId: row.award_id, conditionId: parent.conditionId, periodId: null };
    }
    const qb = tx
      .createQueryBuilder()
      .select('p.award_id', 'award_id')
      .from('reporting_period', 'p')
      .innerJoin('award', 'a', 'a.id = p.award_id')
      .where('p.id = :id', { id: parent.reportingPeriodId });
    const row = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawOne<{ award_id: string }>();
    if (!row) throw new NotFoundError('reporting period', parent.reportingPeriodId);
    if (options.attaching) {
      const [ret] = (await tx.query(`SELECT status FROM monitoring_return WHERE reporting_period_id = $1${options.lock ? ' FOR SHARE' : ''}`, [parent.reportingPeriodId])) as { status: string }[];
      if (ret?.status === 'accepted') {
        throw new DomainError('INVALID_TRANSITION', `the return for period ${parent.reportingPeriodId} is accepted; it cannot take attachments (reopen it first)`, { status: ret.status, action: 'attach document' });
      }
    }
    return { kind: parent.kind, awardId: row.award_id, conditionId: null, periodId: parent.reportingPeriodId };
  }
}

function acceptedType(mediaType: string): AcceptedType | undefined {
  return [...SIGNED_TYPES, ...TEXT_TYPES].find((t) => t.mediaType === mediaType);
}

function versionOf(raw: Record<string, unknown> | undefined): number | null {
  const v = raw?.['version_number'];
  return v === null || v === undefined ? null : Number(v);
}

export function toDocumentView(d: Document, returnVersionNumber: number | null): DocumentView {
  return {
    id: d.id,
    awardId: d.awardId,
    parentKind: d.parentKind,
    conditionId: d.awardConditionId,
    reportingPeriodId: d.reportingPeriodId,
    returnVersionNumber,
    purpose: d.purpose,
    title: d.title,
    originalName: d.originalName,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    uploadedByUserId: d.uploadedByUserId,
    uploadedAt: d.uploadedAt,
  };
}
