import { Body, Controller, Get, Param, Post, Query, Render, Req } from '@nestjs/common';
import { OrganisationKind, OrganisationsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { OrganisationForm, organisationInput } from './organisation.form.js';

const PAGE_SIZE = 50;

/** Admins keep organisations' identifiers, postcode, area and contact e-mail right (360Giving needs them). */
@Controller('admin/organisations')
@Roles(Role.Admin)
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Render('admin/organisations')
  async list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Req() req: WebRequest) {
    const page = pageNumber(query['page']);
    const { items, total } = await this.organisations.list(actor, { page, pageSize: PAGE_SIZE });
    return { organisations: items, total, pagination: paginationFor(total, page, PAGE_SIZE, req.path, query) };
  }

  @Get('new')
  @Render('admin/organisation')
  newPage() {
    return { organisation: null, kinds: Object.values(OrganisationKind) };
  }

  @Post()
  @SeeOther()
  @FormPage('admin/organisation', { model: 'newPage', fields: { CONFLICT: 'identifier360' } })
  async create(@CurrentActor() actor: Actor, @Body() form: OrganisationForm, @Req() req: WebRequest) {
    const organisation = await this.organisations.create(actor, organisationInput(form));
    setFlash(req, 'admin.organisations.flash.created', { name: organisation.name });
    return { url: '/admin/organisations' };
  }

  @Get(':id')
  @Render('admin/organisation')
  async editPage(@Req() req: WebRequest) {
    const organisation = await this.organisations.get(req.actor!, new RecordIdPipe().transform(req.params['id']));
    return { organisation, kinds: Object.values(OrganisationKind) };
  }

  @Post(':id')
  @SeeOther()
  @FormPage('admin/organisation', { model: 'editPage', fields: { CONFLICT: 'identifier360' } })
  async update(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: OrganisationForm, @Req() req: WebRequest) {
    const organisation = await this.organisations.update(actor, id, { ...organisationInput(form), version: form.version ? Number(form.version) : undefined });
    setFlash(req, 'admin.organisations.flash.updated', { name: organisation.name });
    return { url: '/admin/organisations' };
  }
}
