import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { WebRequest } from './web-request.js';

/**
 * The web's upload forms (`multipart/form-data`, one file in the field `file`): the only paths
 * that take them. Add an area's upload route here.
 */
const UPLOAD_PATHS = [/^\/reporting-periods\/[^/?#]+\/return\/attachments\/?$/];

const MULTIPART = /^multipart\/form-data\s*;/i;
/** What the upload parser found wrong before the route ran: the route turns it into the domain's error. */
export type UploadProblem = 'tooLarge';

export type UploadRequest = WebRequest & { file?: { buffer: Buffer; originalname: string }; uploadProblem?: UploadProblem };

/**
 * Reads an upload form before the CSRF check (docs/web.md: multipart is parsed after the
 * session, before CSRF, so a form without JavaScript carries its token as a field; the token's
 * hidden input comes before the file input, so it is read even when the file is refused). Only
 * for signed-in users on an upload path; the file is held in memory up to `maxBytes` and no
 * further: a larger one is flagged, as soon as it passes the limit, for the route to refuse naming
 * the limit (the token, read first, still lets the CSRF check pass so the page can say so).
 */
export function uploadParser(maxBytes: number) {
  const parse = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    preservePath: true,
    limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 8 * 1024, parts: 6, headerPairs: 100 },
  }).single('file');
  return (req: Request, res: Response, next: NextFunction): void => {
    const upload = req as UploadRequest;
    if (req.method !== 'POST' || !MULTIPART.test(req.headers['content-type'] ?? '') || !upload.user || !UPLOAD_PATHS.some((p) => p.test(req.path))) return next();
    parse(req, res, (error: unknown) => {
      if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') {
        upload.uploadProblem = 'tooLarge';
        // Read the rest (not kept) before answering: a socket closed on unread bytes is reset,
        // and the browser would show a network error instead of the page that says why.
        // Only so far: beyond a few times the limit, the connection is closed instead.
        const declared = Number(req.headers['content-length']);
        if (!Number.isFinite(declared) || declared > maxBytes * 4) res.setHeader('Connection', 'close');
        if (req.complete || res.getHeader('Connection') === 'close') return next();
        req.on('end', () => next());
        req.resume();
        return;
      }
      // Any other malformed upload (a second file, too many fields) is the 400 page; nothing ran.
      next(error instanceof MulterError ? new BadRequestException(error.code) : error);
    });
  };
}
