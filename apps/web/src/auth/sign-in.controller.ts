import { Body, Controller, Get, Post, Render, Req } from '@nestjs/common';
import { FormPage, Public, SeeOther } from '../common/access.decorators.js';
import { safeReturnTo } from '../common/return-to.js';
import { SESSION_END_REASONS, type WebRequest } from '../common/web-request.js';
import { SignInForm } from './sign-in.form.js';
import { WebSessionService } from './web-session.service.js';

/** docs/web-contract.md#the-contract: GET /sign-in, POST /sign-in (success -> returnTo or /), POST /sign-out. */
@Controller()
export class SignInController {
  constructor(private readonly sessions: WebSessionService) {}

  @Get('sign-in')
  @Public()
  @Render('auth/sign-in')
  signInPage(@Req() req: WebRequest) {
    const ended = SESSION_END_REASONS.find((reason) => reason === req.query['ended']);
    const returnTo = req.method === 'POST' ? (req.body as { returnTo?: unknown })?.returnTo : req.query['returnTo'];
    return { returnTo: safeReturnTo(returnTo), ended };
  }

  @Post('sign-in')
  @Public()
  @SeeOther()
  @FormPage('auth/sign-in', { model: 'signInPage' })
  async signIn(@Body() form: SignInForm, @Req() req: WebRequest) {
    await this.sessions.signIn(req, form.email, form.password);
    return { url: safeReturnTo(form.returnTo) };
  }

  @Post('sign-out')
  @Public()
  @SeeOther()
  async signOut(@Req() req: WebRequest) {
    await this.sessions.signOut(req);
    return { url: '/signed-out' };
  }

  @Get('signed-out')
  @Public()
  @Render('auth/signed-out')
  signedOut() {
    return {};
  }
}
