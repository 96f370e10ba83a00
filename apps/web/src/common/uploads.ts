import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { WebRequest } from './web-request.js';

/**
 * The web's upload forms (`multipart/form-data`, one file in the field `file`): the only paths
 * that take them. Add an area's upload route here.
 */
const UPLOAD_PATHS = [/^\/reporting-periods\/[^/?#]+\/return\/attachments\/?$/, /^\/awards\/[^/?#]+\/documents\/?$/];

const MULTIPART = /^multipart\/form-data\s*;/i;
/** What the upload parser found wrong before the route ran: the route turns it into the domain's error. */
export type UploadProblem = 'tooLarge';

export type UploadRequest = WebRequest & { file?: { buffer: Buffer; originalname: string }; uploadProblem?: UploadProblem };

/**
 * Reads an upload form before the CSRF check (docs/web.md: multipart is parsed after the
 * session, before CSRF, so a form without JavaScript carries its token as a field; the token's
 * hidden input comes before the file input, so it is read even when the file is refused). On an
 * upload path only; a signed-in user's file is held in memory up to `maxBytes` (nobody else's) and no
 * further: a larger one is flagged, as soon as it passes the limit, for the route to refuse naming
 * the limit (the token, read first, still lets the CSRF check pass so the page can say so).
 */
export function uploadParser(maxBytes: number) {
  const parser = (fileSize: number) =>
    multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      preservePath: true,
      limits: { fileSize, files: 1, fields: 5, fieldSize: 8 * 1024, parts: 6, headerPairs: 100 },
    }).single('file');
  const signedIn = parser(maxBytes);
  // Signed out: only the fields before the file (the token) are read, no file is held, so the
  // form is answered like any other (to sign in, or the CSRF page) rather than 403 for all.
  const signedOut = parser(0);
  return (req: Request, res: Response, next: NextFunction): void => {
    const upload = req as UploadRequest;
    if (req.method !== 'POST' || !MULTIPART.test(req.headers['content-type'] ?? '') || !UPLOAD_PATHS.some((p) => p.test(req.path))) return next();
    const limit = upload.user ? maxBytes : 0;
    (upload.user ? signedIn : signedOut)(req, res, (error: unknown) => {
      if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') {
        upload.uploadProblem = 'tooLarge';
        // Read the rest (not kept) before answering: a socket closed on unread bytes is reset,
        // and the browser would show a network error instead of the page that says why.
        // Only so far: beyond a few times the limit, the connection is closed instead.
        const declared = Number(req.headers['content-length']);
        if (!Number.isFinite(declared) || declared > limit * 4) res.setHeader('Connection', 'close');
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
