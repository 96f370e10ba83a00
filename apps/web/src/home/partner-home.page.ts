import { Injectable } from '@nestjs/common';
import { AwardsService, ObligationsService, PaymentsService, type Actor, type PaymentView } from '#domain/index.js';
import type { WebRequest } from '../common/web-request.js';
import type { HomePage, HomeView } from './home-page.js';

/** Statuses of a period the partner still has to send a return for (upcoming ones are not owed yet). */
const OWED = new Set(['open', 'due', 'overdue']);
/** How many paid payments the home lists; the award's payments page has the rest. */
const RECENT_PAYMENTS = 5;
/** Enough for any one partner's awards on one page; the awards list pages beyond it. */
const AWARDS_SHOWN = 100;

/**
 * The partner's home: what the organisation owes, first. Returns to send (due, overdue, open)
 * with their due dates in working days, revision requests with the officer's comment,
 * conditions waiting for evidence (from the same service as `GET /api/obligations`), then the
 * payments coming and made and the organisation's awards with their totals. Every query is the
 * partner's own (the services scope them, row-level security backs them).
 */
@Injectable()
export class PartnerHomePage implements HomePage {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly awards: AwardsService,
    private readonly payments: PaymentsService,
  ) {}

  async render(actor: Actor): Promise<HomeView> {
    const [owed, awards] = await Promise.all([this.obligations.forOrganisation(actor), this.awards.list(actor, { page: 1, pageSize: AWARDS_SHOWN })]);
    const schedules = await Promise.all(awards.items.map((a) => this.payments.listForAward(actor, a.id)));
    const titleOf = new Map(awards.items.map((a) => [a.id, a]));
    const withAward = (p: PaymentView) => ({ ...p, awardReference: titleOf.get(p.awardId)?.reference, awardTitle: titleOf.get(p.awardId)?.title });
    const all = schedules.flatMap((s) => s.items).filter((p) => p.kind === 'payment');
    const upcoming = all.filter((p) => p.status === 'scheduled' || p.status === 'approved').sort((a, b) => a.plannedDate.localeCompare(b.plannedDate)).map(withAward);
    const recent = all
      .filter((p) => p.status === 'paid')
      .sort((a, b) => (b.paidDate ?? b.plannedDate).localeCompare(a.paidDate ?? a.plannedDate))
      .slice(0, RECENT_PAYMENTS)
      .map(withAward);
    const totals = new Map(schedules.map((s) => [s.awardId, s]));
    return {
      view: 'home/partner',
      model: {
        asOf: owed.asOf,
        returns: owed.periods.filter((p) => OWED.has(p.status)),
        revisions: owed.periods.filter((p) => p.status === 'revision_requested'),
        conditions: owed.conditions,
        upcomingPayments: upcoming,
        recentPayments: recent,
        awards: awards.items.map((a) => ({ ...a, paidPence: totals.get(a.id)?.paidPence ?? 0, recoveredPence: totals.get(a.id)?.recoveredPence ?? 0 })),
        awardsTotal: awards.total,
      },
    };
  }
}
