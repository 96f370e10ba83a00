import { Injectable } from '@nestjs/common';
import { DomainError } from '#platform/index.js';
import { FundingService, type Actor, type FundingStreamView } from '#domain/index.js';
import { FormInvalid } from '../common/web-errors.js';

/**
 * Changing how a stream is funded, in the web's words: "assign £X of source S" sets that one
 * source's amount and keeps the others (the service replaces the whole list), and the two refusals
 * are explained with the figures people need to decide what to do next.
 */
@Injectable()
export class StreamFunding {
  constructor(private readonly funding: FundingService) {}

  async assign(actor: Actor, streamId: string, input: { fundingSourceId: string; amountPence: number; version: number }): Promise<FundingStreamView> {
    const stream = await this.funding.getStream(streamId);
    const others = stream.sources.filter((a) => a.fundingSourceId !== input.fundingSourceId);
    const sources = input.amountPence > 0 ? [...others, { fundingSourceId: input.fundingSourceId, amountPence: input.amountPence }] : others;
    try {
      return await this.funding.updateStream(actor, streamId, { sources, version: input.version });
    } catch (error) {
      throw await this.explain(error, stream, input.amountPence);
    }
  }

  /** For a new stream's first assignment: a refusal explained the same way. */
  async explain(error: unknown, stream: Pick<FundingStreamView, 'budgetPence' | 'committedPence' | 'sources'> | null, amountPence: number): Promise<unknown> {
    if (!(error instanceof DomainError)) return error;
    if (error.code === 'SOURCE_OVERCOMMITTED') {
      const details = (error.details ?? {}) as { fundingSourceId?: string; availablePence?: number };
      const source = details.fundingSourceId ? await this.funding.getSource(details.fundingSourceId).catch(() => null) : null;
      const thisStream = stream?.sources.find((a) => a.fundingSourceId === details.fundingSourceId)?.amountPence ?? 0;
      return new FormInvalid(
        [{
          field: 'amount',
          key: 'funding.explain.sourceOvercommitted',
          params: {
            source: source?.name ?? '',
            requestedPence: amountPence,
            receivedPence: source?.amountPence ?? 0,
            elsewherePence: (source?.assignedPence ?? 0) - thisStream,
            availablePence: details.availablePence ?? 0,
          },
        }],
        409,
      );
    }
    if (error.code === 'BUDGET_EXCEEDED' && stream) {
      const details = (error.details ?? {}) as { remainingPence?: number };
      const budgetAfter = stream.committedPence + (details.remainingPence ?? 0);
      return new FormInvalid(
        [{
          field: 'amount',
          key: 'funding.explain.budgetExceeded',
          params: { budgetPence: budgetAfter, committedPence: stream.committedPence, shortfallPence: stream.committedPence - budgetAfter },
        }],
        409,
      );
    }
    return error;
  }
}
