import { Injectable } from '@nestjs/common';
import { GrantsPublicationService, type Actor } from '#domain/index.js';
import type { WebRequest } from '../common/web-request.js';
import { yearSlug } from '../panel/financial-year.pipe.js';
import type { HomePage, HomeView } from './home-page.js';

/**
 * The viewer's home (panel members and auditors): every year there is anything to read about,
 * newest first, with whether its grants table is published and a link to each of its panel pages.
 */
@Injectable()
export class PanelHomePage implements HomePage {
  constructor(private readonly publication: GrantsPublicationService) {}

  async render(_actor: Actor, _req: WebRequest): Promise<HomeView> {
    const years = await this.publication.panelYears();
    return { view: 'home/panel', model: { years: years.map((y) => ({ ...y, slug: yearSlug(y.financialYear) })) } };
  }
}
