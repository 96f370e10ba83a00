import { Controller, Get, Param, Post, Query, Render, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ALL_ROLES, AuditService, AwardsService, DocumentParentKind, DocumentsService, FileTooLargeError, Role, type Actor } from '#domain/index.js';
import { NotFoundError, attachmentDisposition } from '#platform/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { UploadRequest } from '../common/uploads.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { HUB_SECTIONS } from './award-hub.js';
import { timelineItems } from './award-timeline.js';

const TIMELINE_PAGE_SIZE = 30;
const rolesOf = (key: string) => [...HUB_SECTIONS.find((s) => s.key === key)!.roles];

/**
 * The award hub's sections the awards area fills: budget (lines, co-funders, variations),
 * documents (list, the grant agreement's upload, download) and the timeline (every change, from
 * the audit trail). The overview is AwardsController's; the other sections belong to their areas.
 */
@Controller('awards')
export class AwardHubController {
  constructor(
    private readonly awards: AwardsService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  @Get(':id/budget')
  @Roles(...rolesOf('budget'))
  @Render('awards/budget')
  async budget(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    const award = await this.awards.overview(actor, id);
    return { award, variations: await this.awards.variations(actor, id) };
  }

  @Get(':id/documents')
  @Roles(...rolesOf('documents'))
  @Render('awards/documents')
  documentsPage(@Req() req: WebRequest) {
    return this.documentsModel(req);
  }

  /** The documents page's data (also for the form shown again). */
  async documentsModel(req: WebRequest) {
    const id = String(req.params['id']);
    const award = await this.awards.get(req.actor!, id);
    const documents = await this.documents.list(req.actor!, { kind: DocumentParentKind.Award, awardId: id });
    return { award, documents, maxBytes: this.documents.maxBytes, mayUpload: req.actor!.role === Role.Commissioner };
  }

  /** The grant agreement (or another document) on the award: multipart, read before the CSRF check (common/uploads.ts). */
  @Post(':id/documents')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/documents', { model: 'documentsModel' })
  async upload(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Req() req: UploadRequest) {
    if (req.uploadProblem === 'tooLarge') throw new FileTooLargeError(this.documents.maxBytes);
    if (!req.file) throw new FormInvalid([{ field: 'file', key: 'awards.documents.errors.missing' }]);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const purpose = body['purpose'] === 'other' ? 'other' : 'grant_agreement';
    const document = await this.documents.upload(actor, { kind: DocumentParentKind.Award, awardId: id }, {
      content: req.file.buffer,
      originalName: req.file.originalname,
      purpose: purpose as never,
      title: typeof body['title'] === 'string' ? body['title'] : null,
    });
    setFlash(req, 'awards.documents.uploaded', { name: document.title ?? document.originalName });
    return { url: `/awards/${id}/documents` };
  }

  @Get(':id/documents/:documentId')
  @Roles(...ALL_ROLES)
  async download(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Param('documentId', RecordIdPipe) documentId: string, @Res({ passthrough: true }) res: Response) {
    const opened = await this.documents.open(actor, documentId);
    if (opened.document.awardId !== id) {
      opened.content.destroy();
      throw new NotFoundError('document', documentId);
    }
    res.setHeader('Content-Type', opened.contentType);
    res.setHeader('Content-Disposition', attachmentDisposition(opened.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(opened.content);
  }

  @Get(':id/timeline')
  @Roles(...rolesOf('timeline'))
  @Render('awards/timeline')
  async timeline(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Query() query: Record<string, unknown>) {
    const page = pageNumber(query['page']);
    const award = await this.awards.get(actor, id);
    const { items, total } = await this.audit.awardTimeline(id, page, TIMELINE_PAGE_SIZE);
    return { award, items: timelineItems(items), total, pagination: paginationFor(total, page, TIMELINE_PAGE_SIZE, `/awards/${id}/timeline`, query) };
  }
}
