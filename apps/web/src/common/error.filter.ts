import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { Response } from 'express';
import { DomainError, runAsPartner, translatePgError } from '#platform/index.js';
import type { Translate } from '../i18n/i18n.js';
import type { Filters } from '../rendering/filters.js';
import { PAGE_LEVEL_CODES, problemFromDomainError, statusForDomainError, toFormErrors } from './form-errors.js';
import { CsrfRefused, FormInvalid, SignInRequired, type FieldProblem } from './web-errors.js';
import type { WebRequest } from './web-request.js';

/** Fields never typed back into a form shown again. */
const NOT_ECHOED = /password|^_csrf$/i;

/**
 * The one place errors become pages (docs/web-contract.md#conventions): a form shown again with the GOV.UK error summary
 * and inline messages (validation, or a coded domain error explained in words with its figures),
 * a redirect to sign in, or the 403, 404, 500 and problem pages in GOV.UK style. Server faults
 * show only a reference (the request id) and go to the log: no stack trace, SQL or path ever
 * reaches a page.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrors');

  constructor(
    private readonly t: Translate,
    private readonly filters: Filters,
    private readonly moduleRef: ModuleRef,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      this.logger.error({ err: loggable(exception) }, 'error after the page had started');
      res.end();
      return;
    }
    try {
      await this.answer(translatePgError(exception), req, res);
    } catch (failure) {
      this.logger.error({ err: loggable(failure), original: loggable(exception) }, 'could not show the error page');
      if (!res.headersSent) res.status(500).type('text/plain').send(this.t('errors.serverError.plain', { reference: req.id ?? '' }));
    }
  }

  private async answer(error: unknown, req: WebRequest, res: Response): Promise<void> {
    if (error instanceof SignInRequired) return this.toSignIn(req, res, error.reason);
    if (error instanceof CsrfRefused) return this.problem(res, 403, 'errors.csrf');
    if (error instanceof FormInvalid) {
      if (req.formPage) return this.formAgain(req, res, error.status, error.problems);
      return this.problem(res, error.status, 'errors.badRequest');
    }
    if (error instanceof DomainError) {
      if (error.code === 'NOT_FOUND') return this.page(res, 404, 'errors/not-found');
      if (error.code === 'UNAUTHENTICATED') return this.toSignIn(req, res);
      if (PAGE_LEVEL_CODES.has(error.code)) return this.page(res, 403, 'errors/forbidden');
      const problem = problemFromDomainError(error, req.formPage?.fields);
      if (req.formPage) return this.formAgain(req, res, statusForDomainError(error), [problem]);
      return this.problem(res, statusForDomainError(error), 'errors.conflict', toFormErrors([problem], this.t, this.filters).summary[0]!.text);
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      if (status === HttpStatus.NOT_FOUND) return this.page(res, 404, 'errors/not-found');
      if (status === HttpStatus.FORBIDDEN) return this.page(res, 403, 'errors/forbidden');
      if (status === HttpStatus.UNAUTHORIZED) return this.toSignIn(req, res);
      if (status === HttpStatus.TOO_MANY_REQUESTS) return this.problem(res, 429, 'errors.tooManyRequests');
      return this.problem(res, status, 'errors.badRequest');
    }
    this.logger.error({ err: loggable(error) }, 'server error');
    return this.page(res, 500, 'errors/server-error', { reference: req.id });
  }

  /** GET pages come back after sign-in; a refused POST cannot be replayed, so it goes home. */
  private toSignIn(req: WebRequest, res: Response, reason?: string): void {
    const query = new URLSearchParams();
    if (req.method === 'GET' && req.originalUrl !== '/') query.set('returnTo', req.originalUrl);
    if (reason) query.set('ended', reason);
    const search = query.toString();
    res.redirect(303, search ? `/sign-in?${search}` : '/sign-in');
  }

  private async formAgain(req: WebRequest, res: Response, status: number, problems: FieldProblem[]): Promise<void> {
    const formPage = req.formPage!;
    let model: object = {};
    if (formPage.model) {
      const controller = this.moduleRef.get(formPage.controller as never, { strict: false }) as Record<string, (req: WebRequest) => unknown>;
      const load = () => Promise.resolve(controller[formPage.model!]!.call(controller, req));
      // The page's data is read as the handler read it: a partner under row-level security.
      const loaded = req.actor?.role === 'partner' ? await runAsPartner(req.actor.organisationId, load) : await load();
      model = (loaded ?? {}) as object;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(body).filter(([key]) => !NOT_ECHOED.test(key)));
    await this.render(res, status, formPage.view, { ...model, values, errors: toFormErrors(problems, this.t, this.filters) });
  }

  private problem(res: Response, status: number, key: string, detail?: string): Promise<void> {
    return this.render(res, status, 'errors/problem', { titleKey: `${key}.title`, bodyKey: `${key}.body`, detail });
  }

  private page(res: Response, status: number, view: string, model: object = {}): Promise<void> {
    return this.render(res, status, view, model);
  }

  private render(res: Response, status: number, view: string, model: object): Promise<void> {
    return new Promise((resolve, reject) => {
      res.status(status).render(view, model, (err: Error | null, html: string) => {
        if (err) return reject(err);
        res.type('html').send(html);
        resolve();
      });
    });
  }
}

/** What of an error goes to the log: never query parameters (they can hold password hashes). */
function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, driverError } = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  return { type: error.name, message: error.message, code: driverError?.code ?? code, stack: error.stack };
}

