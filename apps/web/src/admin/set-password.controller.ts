import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InvitationsService } from '#domain/index.js';
import { FormPage, Public, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { SetPasswordForm } from './invite.form.js';

/**
 * The invited person's page (public: they cannot sign in yet). The token in the path is the
 * only credential; the page is never cached and sends no referrer, so the link does not leak.
 * A link that does not work (unknown, used, replaced, expired) is one page for every reason.
 */
@Controller('set-password')
export class SetPasswordController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':token')
  @Public()
  async page(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const model = await this.model(req);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.status(model.invitation ? 200 : 404).render(model.invitation ? 'admin/set-password' : 'admin/set-password-invalid', model);
  }

  /** The form's model (also when it is shown again with errors). */
  async model(req: WebRequest) {
    const token = String(req.params['token'] ?? '');
    return { token, invitation: token.length <= 100 ? await this.invitations.check(token) : null };
  }

  @Post(':token')
  @Public()
  @SeeOther()
  @FormPage('admin/set-password', { model: 'model' })
  async set(@Param('token') token: string, @Body() form: SetPasswordForm, @Req() req: WebRequest) {
    if (form.password !== form.confirm) throw new FormInvalid([{ field: 'confirm', key: 'setPassword.errors.mismatch' }]);
    const user = await this.invitations.accept(token, form.password);
    setFlash(req, 'setPassword.flash.done', { email: user.email });
    return { url: '/sign-in' };
  }
}
