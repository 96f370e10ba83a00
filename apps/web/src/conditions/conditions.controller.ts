import { Body, Controller, Get, Param, Post, Render, Req, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from '#platform/index.js';
import { ALL_ROLES, CONDITION_ACTIONS, Role, type Actor, type ConditionAction } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { ConditionForm, ResolveConditionForm } from './condition.forms.js';
import { ConditionsPage } from './conditions-page.js';

const idOf = (req: WebRequest, name: string) => new RecordIdPipe().transform(req.params[name]);

/** `met`, `waive` or `breach` in the path; anything else is a page that does not exist. */
class ConditionActionPipe implements PipeTransform<unknown, ConditionAction> {
  transform(value: unknown): ConditionAction {
    if (!CONDITION_ACTIONS.includes(value as ConditionAction)) throw new NotFoundError('page');
    return value as ConditionAction;
  }
}

/**
 * The award hub's CONDITIONS section. Everyone who may see the award sees its conditions (a
 * partner only its own organisation's award: another's is the 404 page); commissioners add them
 * and record them met, waived or breached, as in the API.
 */
@Controller('awards/:id/conditions')
export class ConditionsController {
  constructor(private readonly page: ConditionsPage) {}

  @Get()
  @Roles(...ALL_ROLES)
  @Render('conditions/index')
  list(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return this.page.model(actor, id);
  }

  @Get('new')
  @Roles(Role.Commissioner)
  @Render('conditions/new')
  newCondition(@Req() req: WebRequest) {
    return this.page.newModel(req.actor!, idOf(req, 'id'));
  }

  @Post()
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('conditions/new', { model: 'newCondition', fields: { NOT_FOUND: 'template' } })
  async add(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ConditionForm, @Req() req: WebRequest) {
    const condition = await this.page.add(actor, id, form);
    setFlash(req, 'conditions.flash.added', { title: condition.title });
    return { url: `/awards/${id}/conditions` };
  }

  @Get(':conditionId/:action')
  @Roles(Role.Commissioner)
  @Render('conditions/resolve')
  async resolveForm(@Req() req: WebRequest) {
    const action = new ConditionActionPipe().transform(req.params['action']);
    return { ...(await this.page.condition(req.actor!, idOf(req, 'id'), idOf(req, 'conditionId'))), action };
  }

  @Post(':conditionId/:action')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('conditions/resolve', { model: 'resolveForm' })
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('id', RecordIdPipe) id: string,
    @Param('conditionId', RecordIdPipe) conditionId: string,
    @Param('action', ConditionActionPipe) action: ConditionAction,
    @Body() form: ResolveConditionForm,
    @Req() req: WebRequest,
  ) {
    const condition = await this.page.resolve(actor, id, conditionId, action, form.note);
    setFlash(req, `conditions.flash.${action}`, { title: condition.title });
    return { url: `/awards/${id}/conditions` };
  }
}
