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
};

/**
 * The one place errors become HTTP answers: `{statusCode, error, message, code?}` (API.md).
 * Domain codes map to statuses here (anything published and not listed is a 409 conflict);
 * database refusals are translated first; unknown errors are a 500 without internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = translatePgError(exception);
    if (error instanceof DomainError) {
      const status = STATUS_BY_CODE[error.code] ?? HttpStatus.CONFLICT;
      res.status(status).json({ ...error.details, statusCode: status, error: humanStatus(status), message: error.message, code: error.code });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const extra = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { message: body };
      // Terminus' health report is its own documented shape: pass it through untouched.
      if ('details' in extra && 'info' in extra) {
        res.status(status).json(extra);
        return;
      }
      const message = Array.isArray(extra['message']) ? (extra['message'] as string[]).join('; ') : (extra['message'] ?? error.message);
      res.status(status).json({ ...extra, statusCode: status, error: humanStatus(status), message });
      return;
    }
    this.logger.error({ err: error }, 'unhandled error');
    res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong; the request id in X-Request-Id identifies it in the logs' });
  }
}

function humanStatus(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') : 'Error';
}
