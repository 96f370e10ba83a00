import type { Request, Response } from 'express';
import type { Actor, Role } from '#domain/index.js';

/** Who is signed in, as the header shows them and the guard checks them. */
export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** A partner's organisation; staff have none. */
  organisationId: string | null;
  /** Shown in the header; read at sign-in. */
  organisationName: string | null;
}

/** Why a session ended other than by signing out: shown on the sign-in page it redirects to. */
export type SessionEndReason = 'timeout' | 'account-changed';

export const SESSION_END_REASONS: readonly SessionEndReason[] = ['timeout', 'account-changed'];

/** What @FormPage() declares, for the error filter to show the form again with its errors. */
export interface FormPageContext {
  view: string;
  /** A method of the same controller, `(req) => model`, giving the page's data (the GET handler's). */
  model?: string;
  /** Which field a domain error code belongs to on this form, e.g. `{BUDGET_EXCEEDED: 'amount'}`. */
  fields?: Record<string, string>;
  controller: Function;
}

/**
 * What a web session holds (common/session.ts saves it as JSON): each area adds its own fields by
 * augmenting this interface (`declare module '../common/web-request.js'`).
 */
export interface SessionData {
  user?: SignedInUser;
  /** Epoch milliseconds: the absolute timeout counts from here. */
  signedInAt?: number;
  /** Epoch milliseconds of the last request: the idle timeout counts from here. */
  lastSeenAt?: number;
  /** A success message for the next page (post/redirect/get): a catalogue key and its parameters. */
  flash?: { key: string; params: Record<string, unknown> };
  /** The synchroniser token csrf-sync checks every POST against (common/csrf.ts). */
  csrfToken?: string;
}

/** `req.session`: the data, and what can be done to the session as a whole (common/session.ts). */
export interface WebSession extends SessionData {
  /** Throws the session and its id away and starts an empty one (sign-in; a session that ended). */
  regenerate(): Promise<void>;
  /** Saves now rather than at the end of the response. */
  save(): Promise<void>;
  /** Ends the session: its key is deleted, the cookie is cleared, and the request goes on without one. */
  destroy(): Promise<void>;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by the session middleware for every page (not for /assets); undefined after destroy(). */
      session: WebSession;
    }
  }
}

export type WebRequest = Request & {
  /** The domain's view of the caller, with the request id for audit rows (set once signed in). */
  actor?: Actor;
  user?: SignedInUser;
  /** pino-http's request id. */
  id?: string;
  formPage?: FormPageContext;
  /** Set when this request found its session ended (the user changed, or it timed out). */
  sessionEnded?: SessionEndReason;
};

export type WebResponse = Response;
