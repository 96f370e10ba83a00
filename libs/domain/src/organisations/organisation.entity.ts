import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum OrganisationKind {
  Pcc = 'pcc',
  LocalAuthority = 'local_authority',
  Charity = 'charity',
  Company = 'company',
  Nhs = 'nhs',
  Government = 'government',
  CommunityGroup = 'community_group',
  Other = 'other',
}

/** A funder, a recipient or both: commissioners, councils, charities, government departments. */
@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  /** org-id.guide identifier, e.g. GB-LAE-CHW, GB-CHC-1234567; unique when present. */
  @Column({ type: 'text', nullable: true })
  identifier360: string | null;

  @Column({ type: 'text', nullable: true })
  charityNumber: string | null;

  @Column({ type: 'text', nullable: true })
  companyNumber: string | null;

  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  /** ONS GSS code of its area (360Giving location); a council's comes from its org-id when absent. */
  @Column({ type: 'text', nullable: true })
  geoCode: string | null;

  /** Where monitoring reminders go. */
  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
