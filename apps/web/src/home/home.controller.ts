import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ALL_ROLES, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import type { WebRequest } from '../common/web-request.js';
import { AdminHomePage } from './admin-home.page.js';
import { FinanceHomePage } from './finance-home.page.js';
import type { HomePage } from './home-page.js';
import { OfficerHomePage } from './officer-home.page.js';
import { PanelHomePage } from './panel-home.page.js';
import { PartnerHomePage } from './partner-home.page.js';

/** `GET /`: the signed-in user's home, one per role (each its own page class and template). */
@Controller()
export class HomeController {
  private readonly pages: Record<Role, HomePage>;

  constructor(partner: PartnerHomePage, officer: OfficerHomePage, finance: FinanceHomePage, panel: PanelHomePage, admin: AdminHomePage) {
    this.pages = { [Role.Partner]: partner, [Role.Commissioner]: officer, [Role.Finance]: finance, [Role.Viewer]: panel, [Role.Admin]: admin };
  }

  @Get()
  @Roles(...ALL_ROLES)
  async home(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const { view, model } = await this.pages[actor.role].render(actor, req);
    res.render(view, model);
  }
}
