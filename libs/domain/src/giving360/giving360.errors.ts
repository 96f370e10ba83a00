import { DomainError } from '#platform/index.js';

export enum Giving360ErrorCode {
  /** A funding stream has no commissioning body and none can be inferred: 409. */
  FunderUnknown = 'FUNDER_UNKNOWN',
}

/**
 * 360Giving wants exactly one funding organisation per grant. When a stream names no
 * commissioner and the database does not hold exactly one PCC to fall back on, the export
 * refuses rather than guess, naming every stream to fix (PATCH /api/funding-streams/:id
 * `{commissionerOrganisationId}`).
 */
export class FunderUnknownError extends DomainError {
  constructor(streams: { id: string; name: string }[], pccCount: number) {
    const named = streams.map((s) => `"${s.name}" (${s.id})`).join(', ');
    const why = pccCount === 0 ? 'there is no PCC organisation to fall back on' : `there are ${pccCount} PCC organisations, so the funder is ambiguous`;
    super(
      Giving360ErrorCode.FunderUnknown,
      `cannot name the 360Giving funding organisation of funding stream ${named}: it has no commissionerOrganisationId and ${why}; set the stream's commissionerOrganisationId`,
      { fundingStreamIds: streams.map((s) => s.id), pccCount },
    );
  }
}
