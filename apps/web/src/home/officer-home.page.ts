import { Injectable } from '@nestjs/common';
import type { Actor } from '#domain/index.js';
import type { WebRequest } from '../common/web-request.js';
import { AwardsHome } from './awards-home.js';
import type { HomePage, HomeView } from './home-page.js';

/** The officer home: for now the awards list every role starts with (see home-page.ts). */
@Injectable()
export class OfficerHomePage implements HomePage {
  constructor(private readonly awardsHome: AwardsHome) {}

  render(actor: Actor, req: WebRequest): Promise<HomeView> {
    return this.awardsHome.render(actor, req);
  }
}
