import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An objective of a Police and Crime Plan (e.g. Cheshire 2014-16 objective 2), unique per plan and code. */
@Entity('plan_objective')
export class PlanObjective {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  planName: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One of the measures the plan sets against an objective, in the plan's order. */
@Entity('plan_objective_measure')
export class PlanObjectiveMeasure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planObjectiveId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;
}
