import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { pence } from '#platform/index.js';

/** The award row itself lives in the award ledger, below every area that uses it. */
export { Award } from '../award-ledger/award.entity.js';

/** A budget line inside an award; a null amount is an "included within" line (Positive Futures). */
@Entity('award_line')
export class AwardLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'bigint', nullable: true, transformer: pence })
  amountPence: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

/** Another funder of a jointly commissioned service and its contribution. */
@Entity('award_co_funder')
export class AwardCoFunder {
  @PrimaryColumn({ type: 'uuid' })
  awardId: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;
}

/** Which plan objectives an award serves. */
@Entity('award_objective')
export class AwardObjective {
  @PrimaryColumn({ type: 'uuid' })
  awardId: string;

  @PrimaryColumn({ type: 'uuid' })
  planObjectiveId: string;
}

/** A change of an award's amount after approval, with its reason (docs/design.md#awards: variations). */
@Entity('award_variation')
export class AwardVariation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'bigint', transformer: pence })
  previousAmountPence: number;

  @Column({ type: 'bigint', transformer: pence })
  newAmountPence: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
