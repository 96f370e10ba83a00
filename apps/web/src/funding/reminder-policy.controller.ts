import { Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { FundingService, RemindersService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { MAX_STEPS, parseSteps, refusalProblem, rowCount, stepValues, WHEN } from './reminder-policy.form.js';

/**
 * A stream's reminder policy, changed from the stream page: when before and after a return's due
 * date the partner is reminded, and which reminders are escalated. Commissioners only, through
 * the service the API's PUT /api/funding-streams/:id/reminder-policy calls, which audits it.
 */
@Controller('funding/streams/:id/reminder-policy')
export class ReminderPolicyController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly funding: FundingService,
  ) {}

  @Get()
  @Roles(Role.Commissioner)
  @Render('funding/reminder-policy')
  async form(@Param('id', RecordIdPipe) id: string) {
    return this.model(id);
  }

  /** The form shown again with its errors keeps the rows that were posted. */
  async formModel(req: WebRequest) {
    return this.model(new RecordIdPipe().transform(req.params['id']), (req.body ?? {}) as Record<string, unknown>);
  }

  @Post()
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/reminder-policy', { model: 'formModel' })
  async save(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Req() req: WebRequest) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const policy = await this.reminders.policy(id);
    const parsed = parseSteps(body, rowCount(policy.steps.length, body));
    if (parsed.problems.length) throw new FormInvalid(parsed.problems);
    const saved = await this.reminders.setPolicy(actor, id, parsed.steps).catch((error: unknown) => Promise.reject(new FormInvalid([refusalProblem(error, parsed.fields)])));
    setFlash(req, 'funding.flash.remindersSaved', { count: saved.steps.length });
    return { url: `/funding/streams/${id}#reminders` };
  }

  private async model(id: string, body?: Record<string, unknown>) {
    const [stream, policy] = await Promise.all([this.funding.getStream(id), this.reminders.policy(id)]);
    const rows = rowCount(policy.steps.length, body);
    return { stream, policy, rows: Array.from({ length: rows }, (_, i) => i), current: stepValues(policy.steps), when: WHEN, maxSteps: MAX_STEPS };
  }
}
