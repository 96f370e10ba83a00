import type { NextFunction, Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { DocumentsService } from '#domain/index.js';
import type { WebRequest } from './web-request.js';

/**
 * The web's upload forms (multipart/form-data): their paths. A path is added here when an area
 * adds an upload form; everything else keeps the urlencoded body only.
 */
const UPLOAD_PATHS = [/^\/awards\/[^/]+\/documents\/?$/];

/** What the upload parser found wrong with the file (the page's handler says so on the form). */
export type UploadProblem = 'too-large' | 'unreadable';
export type UploadRequest = WebRequest & { file?: { buffer: Buffer; originalname: string }; uploadProblem?: UploadProblem };

/**
 * Reads an upload form before the CSRF check (docs/web.md, step 7 needs the token, and a form
 * without JavaScript can send it only in the body): on an upload path, one file held in memory
 * up to FILES_MAX_BYTES for a signed-in user (none for anyone else). The token field comes before the file in every
 * upload form, so it is read even when the file is refused; a refused file is left to the page's
 * handler (`req.uploadProblem`), which shows the form again saying why, after the CSRF check.
 */
export function uploadBodies(documents: DocumentsService) {
  const parser = (fileSize: number) =>
    multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', preservePath: true, limits: { fileSize, files: 1, fields: 10, fieldSize: 8 * 1024, parts: 11 } }).single('file');
  const signedIn = parser(documents.maxBytes);
  // Signed out: only the fields before the file (the token), so the form is answered as any other
  // (sign in, or the CSRF page) without holding anyone's file.
  const signedOut = parser(0);
  return (req: Request, res: Response, next: NextFunction): void => {
    const web = req as UploadRequest;
    if (req.method !== 'POST' || !/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '') || !UPLOAD_PATHS.some((p) => p.test(req.path))) return next();
    (web.user ? signedIn : signedOut)(req, res, (error?: unknown) => {
      if (error) {
        web.uploadProblem = error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE' ? 'too-large' : 'unreadable';
        // The rest of the body was not read: the connection cannot carry another request.
        res.setHeader('Connection', 'close');
        web.body ??= {};
      }
      next();
    });
  };
}
