import { Injectable } from '@nestjs/common';
import { FundingService, OrganisationsService, type Actor } from '#domain/index.js';
import { streamBars } from './stream-chart.js';

const ALL = { page: 1, pageSize: 100 } as const;

/**
 * The money page's model: every funding source with what is assigned of it, and every stream
 * with its totals, for one financial year when asked (newest first otherwise), with the chart.
 */
@Injectable()
export class MoneyPage {
  constructor(
    private readonly funding: FundingService,
    private readonly organisations: OrganisationsService,
  ) {}

  async model(actor: Actor, financialYear?: string) {
    const [sources, streams, funders] = await Promise.all([
      this.funding.listSources({ ...ALL, ...(financialYear ? { financialYear } : {}) }),
      this.funding.listStreams({ ...ALL, ...(financialYear ? { financialYear } : {}) }),
      this.organisations.list(actor, { page: 1, pageSize: 500 }),
    ]);
    const carryForward = await this.funding.carryForwardAllowed(sources.items.map((s) => s.id));
    const funderNames = new Map(funders.items.map((o) => [o.id, o.name]));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return {
      financialYear: financialYear ?? null,
      sources: sources.items.map((s) => ({ ...s, funderName: funderNames.get(s.funderOrganisationId) ?? '', carryForwardAllowed: carryForward.has(s.id) })),
      streams: streams.items,
      chart: streamBars(streams.items),
      totals: {
        receivedPence: sum(sources.items.map((s) => s.amountPence)),
        assignedPence: sum(sources.items.map((s) => s.assignedPence)),
        unassignedPence: sum(sources.items.map((s) => s.unassignedPence)),
      },
    };
  }

  /** The organisations money can come from, for the new source form. */
  async funders(actor: Actor) {
    const organisations = await this.organisations.list(actor, { page: 1, pageSize: 500 });
    return { funders: organisations.items.map((o) => ({ id: o.id, name: o.name })) };
  }

  /** Every source with money left to assign, for a new stream's first assignment. */
  async sourcesForNewStream() {
    const sources = await this.funding.listSources(ALL);
    return { sources: sources.items.filter((s) => s.unassignedPence > 0) };
  }
}
