import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ACCEPTED_MEDIA_TYPES, ALL_ROLES, DocumentParentKind, DocumentsService, Role, type Actor } from '#domain/index.js';
import { attachmentDisposition } from '#platform/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { ApiErrors } from '../common/openapi.js';
import { DocumentUploadInterceptor } from './document-upload.interceptor.js';
import {
  AWARD_UPLOAD_SCHEMA,
  AwardDocumentsQuery,
  CONDITION_UPLOAD_SCHEMA,
  DocumentResponse,
  RETURN_UPLOAD_SCHEMA,
  UploadAwardDocumentDto,
  UploadConditionDocumentDto,
  UploadReturnDocumentDto,
} from './documents.dto.js';

/** An uploaded file as the upload interceptor leaves it (multer memory storage). */
interface UploadedDocumentFile {
  buffer: Buffer;
  originalname: string;
}

/** How an upload is documented: multipart in, the document out, and every refusal. */
function Upload(operationId: string, summary: string, schema: object) {
  return applyDecorators(
    UseInterceptors(DocumentUploadInterceptor),
    ApiOperation({ operationId, summary }),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema }),
    ApiCreatedResponse({ type: DocumentResponse }),
    ApiErrors(
      { 400: 'No file, an empty one, more than one, or a field that is wrong or unknown (named in the answer)' },
      'VALIDATION',
      { 404: "No such parent, or another organisation's (the same answer)" },
      { 413: 'Over FILES_MAX_BYTES (the limit is named)' },
      'FILE_TOO_LARGE',
      { 415: 'The bytes are not an accepted type; or the request is not multipart/form-data' },
      'UNSUPPORTED_FILE_TYPE',
      'ON_BEHALF_REQUIRED',
    ),
  );
}

function List(operationId: string, summary: string) {
  return applyDecorators(
    Roles(...ALL_ROLES),
    ApiOperation({ operationId, summary }),
    ApiOkResponse({ type: DocumentResponse, isArray: true }),
    ApiErrors(400, { 404: "No such parent, or another organisation's (the same answer)" }),
  );
}

/**
 * Documents on awards, conditions and returns: upload (multipart), list, download. Another
 * organisation's parent or document is 404, like one that does not exist.
 */
@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('awards/:id/documents')
  @Roles(Role.Commissioner)
  @Upload('uploadAwardDocument', 'Attach a document (the grant agreement) to an award', AWARD_UPLOAD_SCHEMA)
  uploadToAward(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UploadAwardDocumentDto, @UploadedFile() file: UploadedDocumentFile) {
    return this.documents.upload(actor, { kind: DocumentParentKind.Award, awardId: id }, { content: file.buffer, originalName: file.originalname, purpose: dto.purpose, title: dto.title });
  }

  @Get('awards/:id/documents')
  @List('listAwardDocuments', "An award's documents: its own, its conditions' and its returns' (filter with parentKind)")
  listForAward(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: AwardDocumentsQuery) {
    return this.documents.list(actor, { kind: DocumentParentKind.Award, awardId: id }, query);
  }

  @Post('conditions/:id/documents')
  @Roles(Role.Commissioner, Role.Partner)
  @Upload('uploadConditionDocument', 'Attach evidence to a condition (a partner: on its own awards)', CONDITION_UPLOAD_SCHEMA)
  uploadToCondition(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UploadConditionDocumentDto, @UploadedFile() file: UploadedDocumentFile) {
    return this.documents.upload(actor, { kind: DocumentParentKind.Condition, conditionId: id }, { content: file.buffer, originalName: file.originalname, purpose: dto.purpose, title: dto.title });
  }

  @Get('conditions/:id/documents')
  @List('listConditionDocuments', "A condition's evidence")
  listForCondition(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.documents.list(actor, { kind: DocumentParentKind.Condition, conditionId: id });
  }

  @Post('reporting-periods/:id/return/documents')
  @Roles(Role.Partner, Role.Commissioner)
  @Upload('uploadReturnDocument', "Attach a file to a period's monitoring return: it joins the working draft and is frozen with the next submitted version", RETURN_UPLOAD_SCHEMA)
  @ApiErrors({ 409: 'The return stands accepted (reopen it first)' }, 'INVALID_TRANSITION')
  uploadToReturn(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UploadReturnDocumentDto, @UploadedFile() file: UploadedDocumentFile) {
    return this.documents.upload(
      actor,
      { kind: DocumentParentKind.Return, reportingPeriodId: id },
      { content: file.buffer, originalName: file.originalname, purpose: dto.purpose, title: dto.title, onBehalf: dto.onBehalf === 'true' },
    );
  }

  @Get('reporting-periods/:id/return/documents')
  @List('listReturnDocuments', "A period's return attachments, each with the submitted version it belongs to (null: the working draft)")
  listForReturn(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.documents.list(actor, { kind: DocumentParentKind.Return, reportingPeriodId: id });
  }

  /**
   * The bytes, always as an attachment under the type read at upload, with nosniff and a
   * sandboxing CSP, never cached by shared caches.
   */
  @Get('documents/:id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'downloadDocument', summary: "Download a document's bytes (Content-Disposition: attachment)" })
  @ApiProduces(...ACCEPTED_MEDIA_TYPES)
  @ApiOkResponse({ description: 'the file, served as the type read from its bytes', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, { 404: "No such document, or another organisation's (the same answer)" })
  async download(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.documents.open(actor, id);
    res.set({
      'Content-Type': file.contentType,
      'Content-Length': String(file.document.sizeBytes),
      'Content-Disposition': attachmentDisposition(file.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
    return new StreamableFile(file.content);
  }
}
