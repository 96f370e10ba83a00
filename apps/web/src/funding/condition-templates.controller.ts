import { Body, Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { ConditionsService, FundingService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { ConditionTemplateForm } from './funding.forms.js';

const idOf = (req: WebRequest, name: string) => new RecordIdPipe().transform(req.params[name]);
const BASE = 'funding/streams/:id/condition-templates';

/**
 * A stream's condition templates, managed from the stream page: every award created from the
 * stream afterwards starts with a copy of each (awards already made keep theirs). Commissioners only.
 */
@Controller()
export class ConditionTemplatesController {
  constructor(
    private readonly conditions: ConditionsService,
    private readonly funding: FundingService,
  ) {}

  @Get(`${BASE}/new`)
  @Roles(Role.Commissioner)
  @Render('funding/template-form')
  async newTemplate(@Req() req: WebRequest) {
    return { stream: await this.funding.getStream(idOf(req, 'id')), template: null };
  }

  @Post(BASE)
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/template-form', { model: 'newTemplate' })
  async create(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ConditionTemplateForm, @Req() req: WebRequest) {
    const template = await this.conditions.createTemplate(actor, id, form);
    setFlash(req, 'funding.flash.templateAdded', { title: template.title });
    return { url: `/funding/streams/${id}#condition-templates` };
  }

  @Get(`${BASE}/:templateId/edit`)
  @Roles(Role.Commissioner)
  @Render('funding/template-form')
  async editTemplate(@Req() req: WebRequest) {
    const streamId = idOf(req, 'id');
    const [stream, template] = await Promise.all([this.funding.getStream(streamId), this.conditions.getTemplate(streamId, idOf(req, 'templateId'))]);
    return { stream, template };
  }

  @Post(`${BASE}/:templateId/edit`)
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/template-form', { model: 'editTemplate' })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', RecordIdPipe) id: string,
    @Param('templateId', RecordIdPipe) templateId: string,
    @Body() form: ConditionTemplateForm,
    @Req() req: WebRequest,
  ) {
    const template = await this.conditions.updateTemplate(actor, id, templateId, form);
    setFlash(req, 'funding.flash.templateChanged', { title: template.title });
    return { url: `/funding/streams/${id}#condition-templates` };
  }

  @Get(`${BASE}/:templateId/remove`)
  @Roles(Role.Commissioner)
  @Render('funding/template-remove')
  removeTemplate(@Req() req: WebRequest) {
    return this.editTemplate(req);
  }

  @Post(`${BASE}/:templateId/remove`)
  @Roles(Role.Commissioner)
  @SeeOther()
  async remove(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Param('templateId', RecordIdPipe) templateId: string, @Req() req: WebRequest) {
    const template = await this.conditions.removeTemplate(actor, id, templateId);
    setFlash(req, 'funding.flash.templateRemoved', { title: template.title });
    return { url: `/funding/streams/${id}#condition-templates` };
  }
}
