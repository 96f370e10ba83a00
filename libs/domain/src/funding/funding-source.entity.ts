import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { pence } from '#platform/index.js';

/** Money received for a purpose: a Home Office or MoJ grant, the PCC's own funds, match funding. */
@Entity('funding_source')
export class FundingSource {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  funderOrganisationId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  financialYear: string;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;

  /** Restricted (ring-fenced) money may only fund the purposes its funder allows. */
  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ type: 'text', nullable: true })
  reportingRequirements: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
