import { Body, Controller, Get, Param, Post, Query, Render, Req } from '@nestjs/common';
import { InvitationsService, OrganisationsService, Role, UsersService, ALL_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { InviteForm, UserEditForm } from './invite.form.js';

const PAGE_SIZE = 50;

/** Where the e-mailed link points: this site's own set-password page, as the admin reached it. */
export const setPasswordUrl = (req: WebRequest) => `${req.protocol}://${req.get('host')}/set-password`;

/**
 * Admins manage who may sign in (issue 16 item 8): invite (the person sets their own password
 * from an e-mailed link), change role or organisation, disable, send a fresh link.
 */
@Controller('admin/users')
@Roles(Role.Admin)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Get()
  @Render('admin/users')
  async list(@Query() query: Record<string, unknown>, @Req() req: WebRequest) {
    const page = pageNumber(query['page']);
    const { items, total } = await this.users.listWithInvitations({ page, pageSize: PAGE_SIZE });
    return { users: items, total, pagination: paginationFor(total, page, PAGE_SIZE, req.path, query) };
  }

  @Get('invite')
  @Render('admin/invite')
  async invitePage(@Req() req: WebRequest) {
    return { roles: ALL_ROLES, organisations: (await this.organisations.list(req.actor!, { page: 1, pageSize: 1000 })).items };
  }

  @Post()
  @SeeOther()
  @FormPage('admin/invite', { model: 'invitePage', fields: { CONFLICT: 'email' } })
  async invite(@CurrentActor() actor: Actor, @Body() form: InviteForm, @Req() req: WebRequest) {
    const user = await this.invitations.invite(actor, { email: form.email, name: form.name, role: form.role, organisationId: form.role === Role.Partner ? form.organisationId : null }, setPasswordUrl(req));
    setFlash(req, 'admin.users.flash.invited', { email: user.email });
    return { url: '/admin/users' };
  }

  @Get(':id')
  @Render('admin/user')
  async editPage(@Req() req: WebRequest) {
    const id = new RecordIdPipe().transform(req.params['id']);
    const [user, organisations] = [await this.users.get(id), (await this.organisations.list(req.actor!, { page: 1, pageSize: 1000 })).items];
    const pending = await this.invitations.pendingUserIds([id]);
    return { account: { ...user, invited: pending.has(id) }, roles: ALL_ROLES, organisations };
  }

  @Post(':id')
  @SeeOther()
  @FormPage('admin/user', { model: 'editPage' })
  async update(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: UserEditForm, @Req() req: WebRequest) {
    const user = await this.users.update(actor, id, {
      role: form.role,
      organisationId: form.role === Role.Partner ? (form.organisationId ?? null) : null,
      disabled: form.disabled === 'yes',
      version: form.version ? Number(form.version) : undefined,
    });
    setFlash(req, 'admin.users.flash.updated', { email: user.email });
    return { url: '/admin/users' };
  }

  @Post(':id/invitation')
  @SeeOther()
  async resend(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Req() req: WebRequest) {
    const user = await this.invitations.resend(actor, id, setPasswordUrl(req));
    setFlash(req, 'admin.users.flash.resent', { email: user.email });
    return { url: `/admin/users/${id}` };
  }
}
