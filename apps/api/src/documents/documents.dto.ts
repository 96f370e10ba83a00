import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ACCEPTED_TYPES_TEXT, DocumentParentKind, DocumentPurpose, purposesFor, type DocumentView } from '#domain/index.js';

const NOT_BLANK = /\S/;
const TITLE_DOC = 'what the document is, for people (at most 200 characters); the file name is kept as metadata either way';
const FILE_DOC = `the document, exactly one file. Its type is read from its bytes: ${ACCEPTED_TYPES_TEXT} (CSV and text named .csv or .txt); the size limit is FILES_MAX_BYTES (10 MB by default)`;

/** The multipart form of an upload, for the OpenAPI document (the file part is not a DTO field). */
function uploadSchema(kind: DocumentParentKind, extra: Record<string, object> = {}) {
  return {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: FILE_DOC },
      purpose: { type: 'string', enum: purposesFor(kind), default: purposesFor(kind)[0] },
      title: { type: 'string', maxLength: 200, description: TITLE_DOC },
      ...extra,
    },
  };
}

export const AWARD_UPLOAD_SCHEMA = uploadSchema(DocumentParentKind.Award);
export const CONDITION_UPLOAD_SCHEMA = uploadSchema(DocumentParentKind.Condition);
export const RETURN_UPLOAD_SCHEMA = uploadSchema(DocumentParentKind.Return, {
  onBehalf: { type: 'string', enum: ['true', 'false'], description: 'a commissioner adding to a partner\'s return must send true (recorded); a partner never sends it' },
});

/** The text fields of an award document upload (staff: the grant agreement). */
export class UploadAwardDocumentDto {
  @ApiPropertyOptional({ enum: purposesFor(DocumentParentKind.Award) })
  @IsOptional() @IsIn(purposesFor(DocumentParentKind.Award))
  purpose?: DocumentPurpose;

  @ApiPropertyOptional({ maxLength: 200, description: TITLE_DOC })
  @IsOptional() @IsString() @MaxLength(200) @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;
}

/** The text fields of condition evidence. */
export class UploadConditionDocumentDto {
  @ApiPropertyOptional({ enum: purposesFor(DocumentParentKind.Condition) })
  @IsOptional() @IsIn(purposesFor(DocumentParentKind.Condition))
  purpose?: DocumentPurpose;

  @ApiPropertyOptional({ maxLength: 200, description: TITLE_DOC })
  @IsOptional() @IsString() @MaxLength(200) @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;
}

/** The text fields of a return attachment; multipart fields are text, so onBehalf is 'true' or 'false'. */
export class UploadReturnDocumentDto {
  @ApiPropertyOptional({ enum: purposesFor(DocumentParentKind.Return) })
  @IsOptional() @IsIn(purposesFor(DocumentParentKind.Return))
  purpose?: DocumentPurpose;

  @ApiPropertyOptional({ maxLength: 200, description: TITLE_DOC })
  @IsOptional() @IsString() @MaxLength(200) @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional() @IsIn(['true', 'false'], { message: 'onBehalf must be true or false' })
  onBehalf?: 'true' | 'false';
}

export class AwardDocumentsQuery {
  @ApiPropertyOptional({ enum: Object.values(DocumentParentKind), description: 'only the award\'s own documents, or only its conditions\' or returns\'' })
  @IsOptional() @IsIn(Object.values(DocumentParentKind))
  parentKind?: DocumentParentKind;
}

/** A document's metadata (never its bytes: GET /api/documents/:id downloads them). */
export class DocumentResponse implements DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ enum: Object.values(DocumentParentKind) }) parentKind: DocumentParentKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) conditionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reportingPeriodId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'a return attachment\'s submitted version; null while it belongs to the working draft, and for awards\' and conditions\' documents' })
  returnVersionNumber: number | null;
  @ApiProperty({ enum: Object.values(DocumentPurpose) }) purpose: DocumentPurpose;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ description: 'the uploader\'s file name, cleaned (no path, no control or text-direction characters); metadata only' }) originalName: string;
  @ApiProperty({ example: 'application/pdf', description: 'read from the bytes, never taken from the client' }) mediaType: string;
  @ApiProperty({ example: 48213 }) sizeBytes: number;
  @ApiProperty({ example: 'a3f1...', description: 'SHA-256 of the bytes, hex' }) sha256: string;
  @ApiProperty({ format: 'uuid' }) uploadedByUserId: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: Date;
}
