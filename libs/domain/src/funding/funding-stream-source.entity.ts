import { Column, Entity, PrimaryColumn } from 'typeorm';
import { pence } from '#platform/index.js';

/** How much of a funding source a stream uses. A source is never assigned beyond its amount. */
@Entity('funding_stream_source')
export class FundingStreamSource {
  @PrimaryColumn({ type: 'uuid' })
  fundingStreamId: string;

  @PrimaryColumn({ type: 'uuid' })
  fundingSourceId: string;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;
}
