/**
 * The only paths that take `multipart/form-data` (document uploads); every other body must be
 * JSON (api.bootstrap.ts answers 415). Kept beside the controller that serves them; the
 * documents e2e test checks that this list and the controller's upload routes agree.
 */
const UPLOAD_PATHS = [
  /^\/api\/awards\/[^/?#]+\/documents\/?$/,
  /^\/api\/conditions\/[^/?#]+\/documents\/?$/,
  /^\/api\/reporting-periods\/[^/?#]+\/return\/documents\/?$/,
];

const MULTIPART = /^multipart\/form-data\s*;/i;

/** Whether a request is a multipart upload to one of the upload routes (POST only). */
export function isDocumentUpload(method: string | undefined, url: string | undefined, contentType: string | undefined): boolean {
  if (method !== 'POST' || !MULTIPART.test(contentType ?? '')) return false;
  const path = (url ?? '').split('?')[0]!;
  return UPLOAD_PATHS.some((p) => p.test(path));
}

export function isMultipart(contentType: string | undefined): boolean {
  return MULTIPART.test(contentType ?? '');
}
