import { Injectable } from '@nestjs/common';
import { AwardsService, ConditionsService, FundingService, OutcomesService, RemindersService, Role, UsersService, type Actor } from '#domain/index.js';

import { streamBars } from './stream-chart.js';

const ALL = { page: 1, pageSize: 100 } as const;

/**
 * A stream's page: its money, its awards, what it paid per financial year, its condition
 * templates, reminder policy, lead officer and outcome frameworks. Each part is read through its
 * own area's service, as the API answers them, in parallel.
 */
@Injectable()
export class StreamPage {
  constructor(
    private readonly funding: FundingService,
    private readonly awards: AwardsService,
    private readonly conditions: ConditionsService,
    private readonly reminders: RemindersService,
    private readonly outcomes: OutcomesService,
    private readonly users: UsersService,
  ) {}

  async model(actor: Actor, id: string) {
    const stream = await this.funding.getStream(id);
    const [awards, templates, policy, frameworks, paidByYear, sources, leadOfficer] = await Promise.all([
      this.awards.list(actor, { ...ALL, fundingStreamId: id }),
      this.conditions.listTemplates(id),
      this.reminders.policy(id),
      this.outcomes.listFrameworks({ ...ALL, fundingStreamId: id }),
      this.funding.paidByYear(id),
      this.funding.listSources({ ...ALL, financialYear: stream.financialYear }),
      stream.leadOfficerUserId ? this.users.get(stream.leadOfficerUserId) : Promise.resolve(null),
    ]);
    const sourceNames = new Map(sources.items.map((s) => [s.id, s.name]));
    return {
      stream,
      streams: [stream],
      chart: streamBars([stream]),
      awards: awards.items,
      awardsTotal: awards.total,
      templates,
      policy,
      frameworks: frameworks.items,
      paidByYear,
      assignments: stream.sources.map((a) => ({ ...a, name: sourceNames.get(a.fundingSourceId) ?? '' })),
      leadOfficer,
    };
  }

  /** The stream, the sources of its year (for assigning) and the active commissioners (for the lead officer). */
  async formModel(id: string) {
    const stream = await this.funding.getStream(id);
    const [sources, officers] = await Promise.all([
      this.funding.listSources({ ...ALL, financialYear: stream.financialYear }),
      this.users.list({ ...ALL, role: Role.Commissioner }),
    ]);
    return { stream, sources: sources.items, officers: officers.items.filter((u) => !u.disabled) };
  }
}
