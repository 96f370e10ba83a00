import type { SessionEndReason } from './web-request.js';

/** A page needs a signed-in user: the error filter redirects to /sign-in and back. */
export class SignInRequired extends Error {
  constructor(readonly reason?: SessionEndReason) {
    super('sign in to see this page');
  }
}

/** A state-changing request without the session's CSRF token: 403, and nothing ran. */
export class CsrfRefused extends Error {
  constructor() {
    super('the form could not be checked (CSRF token missing or wrong)');
  }
}

/** One problem with one field of a form: a catalogue key and its parameters. */
export interface FieldProblem {
  /** The form field's name; the summary links to its input (`#<field>`, or `#<field>-day` for dates). */
  field?: string;
  key: string;
  params?: Record<string, unknown>;
  /** Where the summary links when it is not `#<field>`. */
  href?: string;
}

/** A form to show again with its errors (the FormPipe's validation, or a controller's own check). */
export class FormInvalid extends Error {
  constructor(
    readonly problems: FieldProblem[],
    readonly status = 400,
  ) {
    super(`form invalid: ${problems.map((p) => p.field ?? p.key).join(', ')}`);
  }
}
