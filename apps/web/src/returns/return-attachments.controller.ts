import { Body, Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { describeBytes, DocumentParentKind, DocumentsService, FileTooLargeError, MonitoringReturnsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { UploadRequest } from '../common/uploads.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { ReturnPages } from './return-pages.js';

/**
 * Files attached to a period's return (evidence, case studies): they join the working draft and
 * are frozen with the next submitted version. Uploaded through `DocumentsService.upload`, as the
 * API's `POST /api/reporting-periods/:id/return/documents`: the bytes decide the type, the size
 * is limited, and either refusal is shown on the page in words.
 */
@Controller('reporting-periods/:id/return/attachments')
export class ReturnAttachmentsController {
  constructor(
    private readonly pages: ReturnPages,
    private readonly documents: DocumentsService,
    private readonly returns: MonitoringReturnsService,
  ) {}

  @Get()
  @Roles(Role.Partner)
  @Render('returns/attachments')
  async attachments(@Req() req: WebRequest) {
    return { r: await this.pages.context(req.actor!, req.params['id'] as string), maxSize: describeBytes(this.documents.maxBytes) };
  }

  @Post()
  @Roles(Role.Partner)
  @SeeOther()
  @FormPage('returns/attachments', { model: 'attachments', fields: { FILE_TOO_LARGE: 'file', UNSUPPORTED_FILE_TYPE: 'file' } })
  async upload(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: UploadRequest) {
    if (body['action'] === 'continue' && !req.file && !req.uploadProblem) {
      await this.returns.get(actor, id); // another organisation's period is the 404 page, as everywhere
      return { url: `/reporting-periods/${id}/return/check` };
    }
    if (req.uploadProblem === 'tooLarge') throw new FileTooLargeError(this.documents.maxBytes);
    if (!req.file) throw new FormInvalid([{ field: 'file', key: 'returns.attachments.file.missing' }]);
    const document = await this.documents.upload(actor, { kind: DocumentParentKind.Return, reportingPeriodId: id }, { content: req.file.buffer, originalName: req.file.originalname });
    setFlash(req, 'returns.attachments.added', { name: document.originalName });
    return { url: `/reporting-periods/${id}/return/attachments` };
  }
}
