import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, translatePgError } from '#platform/index.js';

const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  VALIDATION: HttpStatus.BAD_REQUEST,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  // A commissioner writing a partner's return without the recorded on-behalf flag.
  ON_BEHALF_REQUIRED: HttpStatus.FORBIDDEN,
  // Document uploads: over FILES_MAX_BYTES, and bytes that are not an accepted type.
  FILE_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_FILE_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

/** The status a domain code answers with; the OpenAPI document files each code under it too. */
export function statusOfCode(code: string): number {
  return STATUS_BY_CODE[code] ?? HttpStatus.CONFLICT;
}

const SERVER_FAULT = 'Something went wrong; the request id in X-Request-Id identifies it in the logs';

/**
 * The one place errors become HTTP answers: `{statusCode, error, message, code?}` (docs/api.md#errors).
 * Domain codes map to statuses here (anything published and not listed is a 409 conflict);
 * database refusals are translated first. Every server fault (an unknown error, or an
 * HttpException of 500 or above) answers with a generic message in every environment: its text
 * may hold SQL, file paths or connection details, so it goes to the log only, with the request id.
 * Nest hands body-parser failures here too (malformed JSON 400, a body over the limit 413).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      // A streamed answer (CSV) failed half-way: too late for a status; cut it short.
      this.logger.error({ err: loggable(exception) }, 'error after the answer had started');
      res.end();
      return;
    }
    const error = translatePgError(exception);
    if (error instanceof DomainError) {
      const status = statusOfCode(error.code);
      res.status(status).json({ ...error.details, statusCode: status, error: humanStatus(status), message: error.message, code: error.code });
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const body = error.getResponse();
      const { stack: _stack, cause: _cause, ...extra } = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { message: body };
      const message = Array.isArray(extra['message']) ? (extra['message'] as string[]).join('; ') : (extra['message'] ?? error.message);
      const retryAfter = extra['retryAfterSeconds'];
      if (status === HttpStatus.TOO_MANY_REQUESTS && typeof retryAfter === 'number') res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
      res.status(status).json({ ...extra, statusCode: status, error: humanStatus(status), message });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      // Terminus' health report is its own documented shape: pass it through untouched.
      if (typeof body === 'object' && body !== null && 'details' in body && 'info' in body) {
        res.status(status).json(body);
        return;
      }
      this.logger.error({ err: loggable(error) }, 'server error');
      res.status(status).json({ statusCode: status, error: humanStatus(status), message: SERVER_FAULT });
      return;
    }
    this.logger.error({ err: loggable(error) }, 'unhandled error');
    res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: SERVER_FAULT });
  }
}

/**
 * What of an error goes to the log. A failed query carries its parameters (a new user's password
 * hash, a token's hash), so only the name, message, SQLSTATE and stack are kept.
 */
function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, driverError } = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  return { type: error.name, message: error.message, code: driverError?.code ?? code, stack: error.stack };
}

function humanStatus(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') : 'Error';
}
