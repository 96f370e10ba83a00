import type { Actor } from '#domain/index.js';
import type { WebRequest } from '../common/web-request.js';

/** What a role's home shows: its template and the model for it. */
export interface HomeView {
  view: string;
  model: Record<string, unknown>;
}

/**
 * One role's home (`GET /`, one h1). Each role's page is its own class and template
 * (`home/<role>-home.page.ts`, `views/home/<role>.njk`), so the areas that build them never edit
 * one another's; HomeController only picks the class for the signed-in role.
 */
export interface HomePage {
  render(actor: Actor, req: WebRequest): Promise<HomeView>;
}
