import { BadRequestException, Injectable, UnsupportedMediaTypeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';
import { DocumentsService, FileTooLargeError } from '#domain/index.js';
import { isMultipart } from './multipart-routes.js';

/** The fields a form may carry beside the file: purpose, title, onBehalf, and room for a client's extras to be refused by name. */
const MAX_FIELDS = 10;
/** Headroom for the multipart framing and the small fields around the file. */
const FRAMING_BYTES = 64 * 1024;

/** As for JSON bodies (api.bootstrap.ts): keys that could reach an object prototype are refused, not dropped. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function prototypeKey(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 8) return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const nested = prototypeKey((value as Record<string, unknown>)[key], depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

const refuse = (field: string, message: string) => new BadRequestException({ message: `${field} ${message}`, errors: [{ field, messages: [`${field} ${message}`] }], code: 'VALIDATION' });

/**
 * Reads a document upload: `multipart/form-data` with exactly one file in the field `file` and a
 * few text fields (validated by the route's DTO). The file is held in memory up to
 * FILES_MAX_BYTES and no further: a larger one is 413 naming the limit, refused as soon as it
 * passes the limit (at once when Content-Length already says so). Anything but multipart is 415.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;

  constructor(private readonly documents: DocumentsService) {
    this.parse = multer({
      storage: multer.memoryStorage(),
      // Browsers send UTF-8 file names; busboy's default would read them as Latin-1.
      defParamCharset: 'utf8',
      // The whole name reaches the domain, which keeps its last segment (cleanFileName): one rule,
      // tested there, rather than busboy's, which drops a file named `..` altogether.
      preservePath: true,
      limits: { fileSize: documents.maxBytes, files: 1, fields: MAX_FIELDS, fieldSize: 8 * 1024, fieldNameSize: 100, parts: MAX_FIELDS + 1, headerPairs: 100 },
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (!isMultipart(req.headers['content-type'])) {
      throw new UnsupportedMediaTypeException('this route takes multipart/form-data, with the file in a field named "file"');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.documents.maxBytes + FRAMING_BYTES) {
      // Said up front: refuse without reading it, and close rather than drain.
      res.setHeader('Connection', 'close');
      throw new FileTooLargeError(this.documents.maxBytes);
    }
    await new Promise<void>((resolve, reject) => this.parse(req, res, (error?: unknown) => (error ? reject(this.translate(error)) : resolve())));
    const forbidden = prototypeKey(req.body);
    if (forbidden) throw refuse('form', `has a field "${forbidden}", which is not allowed in a request body`);
    if (!req.file) throw refuse('file', 'is required: send the document as multipart/form-data in a field named "file"');
    return next.handle();
  }

  private translate(error: unknown): unknown {
    if (error instanceof MulterError) {
      const field = error.field || 'file';
      switch (error.code) {
        case 'LIMIT_FILE_SIZE':
          return new FileTooLargeError(this.documents.maxBytes, field);
        case 'LIMIT_UNEXPECTED_FILE':
        case 'LIMIT_FILE_COUNT':
          return refuse(field, 'is not expected: send exactly one file, in the field "file"');
        case 'LIMIT_FIELD_KEY':
          return refuse('form', 'has a field name longer than 100 characters');
        case 'LIMIT_FIELD_VALUE':
          return refuse(field, 'is longer than 8 KB');
        case 'LIMIT_FIELD_COUNT':
        case 'LIMIT_PART_COUNT':
          return refuse('form', `has too many fields (at most ${MAX_FIELDS} beside the file)`);
        case 'MISSING_FIELD_NAME':
          return refuse('form', 'has a part without a field name');
        default:
          return refuse('form', `could not be read (${error.message})`);
      }
    }
    // busboy: a broken body (no boundary, a truncated part, malformed part headers).
    return refuse('form', `is not a well-formed multipart/form-data body (${error instanceof Error ? error.message : String(error)})`);
  }
}
