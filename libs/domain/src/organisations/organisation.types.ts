import type { OrganisationKind } from './organisation.entity.js';

export interface CreateOrganisationInput {
  name: string;
  kind: OrganisationKind;
  identifier360?: string | null;
  charityNumber?: string | null;
  companyNumber?: string | null;
  postcode?: string | null;
  /** ONS GSS code of the organisation's area, e.g. E06000050. */
  geoCode?: string | null;
  contactEmail?: string | null;
}

export interface UpdateOrganisationInput extends Partial<CreateOrganisationInput> {
  /** The version the caller read; a different current version is 409 STALE_VERSION. */
  version?: number;
}

export interface OrganisationQuery {
  kind?: OrganisationKind;
  q?: string;
  page: number;
  pageSize: number;
}
