import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors, applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ALL_ROLES, DocumentParentKind, DocumentsService, Role, type Actor } from '#domain/index.js';
import { attachmentDisposition } from '#platform/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { DocumentUploadInterceptor } from './document-upload.interceptor.js';
import {
  AWARD_UPLOAD_SCHEMA,
  AwardDocumentsQuery,
  CONDITION_UPLOAD_SCHEMA,
  DocumentErrorResponse,
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

const READ_ERRORS = applyDecorators(
  ApiUnauthorizedResponse({ type: DocumentErrorResponse, description: 'no valid bearer token' }),
  ApiNotFoundResponse({ type: DocumentErrorResponse, description: 'no such parent, or another organisation\'s (the same answer)' }),
);

/** How an upload is documented: multipart in, the document out, and every refusal. */
function Upload(summary: string, schema: object) {
  return applyDecorators(
    UseInterceptors(DocumentUploadInterceptor),
    ApiOperation({ summary }),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema }),
    ApiCreatedResponse({ type: DocumentResponse }),
    ApiBadRequestResponse({ type: DocumentErrorResponse, description: 'no file, an empty one, more than one, or a field that is wrong or unknown (named in the answer)' }),
    ApiForbiddenResponse({ type: DocumentErrorResponse, description: 'this role does not attach documents here (ON_BEHALF_REQUIRED: a commissioner adding to a return without onBehalf)' }),
    ApiPayloadTooLargeResponse({ type: DocumentErrorResponse, description: 'FILE_TOO_LARGE: over FILES_MAX_BYTES (the limit is named)' }),
    ApiUnsupportedMediaTypeResponse({ type: DocumentErrorResponse, description: 'UNSUPPORTED_FILE_TYPE: the bytes are not an accepted type; or the request is not multipart/form-data' }),
    READ_ERRORS,
  );
}

function List(summary: string) {
  return applyDecorators(Roles(...ALL_ROLES), ApiOperation({ summary }), ApiOkResponse({ type: DocumentResponse, isArray: true }), READ_ERRORS);
}

/**
 * Documents on awards, conditions and returns: upload (multipart), list, download. Another
 * organisation's parent or document is 404, like one that does not exist.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('awards/:id/documents')
  @Roles(Role.Commissioner)
  @Upload('Attach a document (the grant agreement) to an award', AWARD_UPLOAD_SCHEMA)
  uploadToAward(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UploadAwardDocumentDto, @UploadedFile() file: UploadedDocumentFile) {
    return this.documents.upload(actor, { kind: DocumentParentKind.Award, awardId: id }, { content: file.buffer, originalName: file.originalname, purpose: dto.purpose, title: dto.title });
  }

  @Get('awards/:id/documents')
  @List("An award's documents: its own, its conditions' and its returns' (filter with parentKind)")
  listForAward(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: AwardDocumentsQuery) {
    return this.documents.list(actor, { kind: DocumentParentKind.Award, awardId: id }, query);
  }

  @Post('conditions/:id/documents')
  @Roles(Role.Commissioner, Role.Partner)
  @Upload('Attach evidence to a condition (a partner: on its own awards)', CONDITION_UPLOAD_SCHEMA)
  uploadToCondition(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UploadConditionDocumentDto, @UploadedFile() file: UploadedDocumentFile) {
    return this.documents.upload(actor, { kind: DocumentParentKind.Condition, conditionId: id }, { content: file.buffer, originalName: file.originalname, purpose: dto.purpose, title: dto.title });
  }

  @Get('conditions/:id/documents')
  @List("A condition's evidence")
  listForCondition(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.documents.list(actor, { kind: DocumentParentKind.Condition, conditionId: id });
  }

  @Post('reporting-periods/:id/return/documents')
  @Roles(Role.Partner, Role.Commissioner)
  @Upload("Attach a file to a period's monitoring return: it joins the working draft and is frozen with the next submitted version", RETURN_UPLOAD_SCHEMA)
  @ApiConflictResponse({ type: DocumentErrorResponse, description: 'INVALID_TRANSITION: the return stands accepted (reopen it first)' })
  uploadToReturn(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UploadReturnDocumentDto, @UploadedFile() file: UploadedDocumentFile) {
    return this.documents.upload(
      actor,
      { kind: DocumentParentKind.Return, reportingPeriodId: id },
      { content: file.buffer, originalName: file.originalname, purpose: dto.purpose, title: dto.title, onBehalf: dto.onBehalf === 'true' },
    );
  }

  @Get('reporting-periods/:id/return/documents')
  @List("A period's return attachments, each with the submitted version it belongs to (null: the working draft)")
  listForReturn(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.documents.list(actor, { kind: DocumentParentKind.Return, reportingPeriodId: id });
  }

  /**
   * The bytes, always as an attachment under the type read at upload, with nosniff and a
   * sandboxing CSP, never cached by shared caches.
   */
  @Get('documents/:id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "Download a document's bytes (Content-Disposition: attachment)" })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file, served as the type read from its bytes', schema: { type: 'string', format: 'binary' } })
  @DocumentReadErrors()
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

function DocumentReadErrors() {
  return applyDecorators(
    ApiUnauthorizedResponse({ type: DocumentErrorResponse, description: 'no valid bearer token' }),
    ApiNotFoundResponse({ type: DocumentErrorResponse, description: 'no such document, or another organisation\'s (the same answer)' }),
  );
}
