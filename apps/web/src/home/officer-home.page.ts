import { Injectable } from '@nestjs/common';
import { OfficerWorkService, type Actor } from '#domain/index.js';
import type { HomePage, HomeView } from './home-page.js';

/**
 * The commissioning officer's home, "My work": what waits on the officer across returns,
 * conditions, draft awards, awards ending and undeliverable escalations, each item linking to
 * where it is dealt with. One domain read (OfficerWorkService.myWork).
 */
@Injectable()
export class OfficerHomePage implements HomePage {
  constructor(private readonly work: OfficerWorkService) {}

  async render(actor: Actor): Promise<HomeView> {
    return { view: 'home/officer', model: { work: await this.work.myWork(actor) } };
  }
}
