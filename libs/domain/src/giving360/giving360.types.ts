/**
 * The 360Giving Data Standard 1.4 shapes Ringfence publishes (a subset of the schema in
 * test/fixtures/360giving/). Field names are 360Giving's, American spelling included.
 */

export interface Giving360Organization {
  id: string;
  name: string;
  charityNumber?: string;
  companyNumber?: string;
  postalCode?: string;
  /** Where the organisation is, as an area with its ONS GSS code. */
  location?: Giving360Location[];
}

/** A place, as 360Giving's Location: a name and, when it has one, its GSS code and type. */
export interface Giving360Location {
  name?: string;
  geoCode?: string;
  geoCodeType?: string;
  countryCode?: 'GB';
}

export interface Giving360Grant {
  id: string;
  title: string;
  description: string;
  currency: 'GBP';
  /** Pounds, an exact decimal with at most two places (built from integer pence). */
  amountAwarded: number;
  /** When the decision to award was made: the approval date in Europe/London, YYYY-MM-DD. */
  awardDate: string;
  plannedDates: { startDate: string; endDate: string }[];
  recipientOrganization: Giving360Organization[];
  /** Exactly one: the commissioning body of the award's funding stream. */
  fundingOrganization: Giving360Organization[];
  grantProgramme: { code: string; title: string }[];
  /** The areas the grant serves. */
  beneficiaryLocation?: Giving360Location[];
  /** When the award was last changed (its updated_at). */
  dateModified: string;
  /** The public URL of the published file (GRANTS_DATA_SOURCE_URL). */
  dataSource?: string;
}

export interface Giving360Package {
  grants: Giving360Grant[];
}

/** An organisation as the export's read model sees it. */
export interface Giving360OrganisationRow {
  id: string;
  name: string;
  identifier360: string | null;
  charityNumber: string | null;
  companyNumber: string | null;
  postcode: string | null;
  /** ONS GSS code of the organisation's area, as recorded (a council's is otherwise found from its org-id). */
  geoCode: string | null;
}

/** One committed award with everything its grant needs, read in one query. */
export interface Giving360AwardRow {
  awardId: string;
  reference: string;
  title: string;
  description: string | null;
  grantType: string;
  amountPence: number;
  startDate: string;
  endDate: string;
  approvedAt: Date;
  /** The date of the decision (360Giving awardDate). */
  decisionDate: string;
  updatedAt: Date;
  fundingStreamId: string;
  fundingStreamName: string;
  recipient: Giving360OrganisationRow;
  /** The stream's commissionerOrganisationId, joined; null when the stream names none. */
  commissioner: Giving360OrganisationRow | null;
  coFunders: { name: string; amountPence: number }[];
  /** Labels of the award's "included within" budget lines (null amount), e.g. Positive Futures. */
  includedLines: string[];
  /** The areas the grant serves, in the order given. */
  beneficiaryLocations: { name: string; geoCode: string | null; geoCodeType: string | null }[];
}

/**
 * Which part of 360Giving's Data Quality Tool a notice belongs to: `quality` (its "accuracy"
 * checks), `usefulness`, or `ringfence` for a check of our own the tool does not make.
 */
export type Giving360CheckKind = 'quality' | 'usefulness' | 'ringfence';

export interface Giving360QualityWarning {
  /** The official tool's name for the check (lib360dataquality's class name), e.g. NoBeneficiaryLocation. */
  code: Giving360QualityCode;
  kind: Giving360CheckKind;
  /** Where in the package, as the tool reports it, e.g. `grants/8/recipientOrganization/0/id`; `grants` for the whole file. */
  path: string;
  /** The grant concerned; null for a package-wide notice. */
  grantId: string | null;
  message: string;
  /** Set when the tool's own advice is that this notice may be ignored here, saying why. */
  ignorable?: string;
}

/** The checks of 360Giving's Data Quality Tool (lib360dataquality, TEST_CLASSES), by their own names. */
export enum Giving360QualityCode {
  // quality ("accuracy")
  ZeroAmountTest = 'ZeroAmountTest',
  FundingOrgUnrecognisedPrefix = 'FundingOrgUnrecognisedPrefix',
  RecipientOrgUnrecognisedPrefix = 'RecipientOrgUnrecognisedPrefix',
  RecipientOrgCharityNumber = 'RecipientOrgCharityNumber',
  RecipientOrgCompanyNumber = 'RecipientOrgCompanyNumber',
  OrganizationIdLooksInvalid = 'OrganizationIdLooksInvalid',
  OrganizationIdUnexpectedChars = 'OrganizationIdUnexpectedChars',
  GrantIdUnexpectedChars = 'GrantIdUnexpectedChars',
  MoreThanOneFundingOrg = 'MoreThanOneFundingOrg',
  LooksLikeEmail = 'LooksLikeEmail',
  ImpossibleDates = 'ImpossibleDates',
  PlannedStartDateBeforeEndDate = 'PlannedStartDateBeforeEndDate',
  ActualStartDateBeforeEndDate = 'ActualStartDateBeforeEndDate',
  FarFuturePlannedDates = 'FarFuturePlannedDates',
  FarFutureActualDates = 'FarFutureActualDates',
  FarPastDates = 'FarPastDates',
  PostDatedAwardDates = 'PostDatedAwardDates',
  MultiFundingNamesForOrgId = 'MultiFundingNamesForOrgId',
  MultiFundingOrgIdsForName = 'MultiFundingOrgIdsForName',
  // usefulness
  RecipientOrg360GPrefix = 'RecipientOrg360GPrefix',
  FundingOrg360GPrefix = 'FundingOrg360GPrefix',
  NoRecipientOrgCompanyCharityNumber = 'NoRecipientOrgCompanyCharityNumber',
  IncompleteRecipientOrg = 'IncompleteRecipientOrg',
  NoGrantProgramme = 'NoGrantProgramme',
  NoBeneficiaryLocation = 'NoBeneficiaryLocation',
  TitleDescriptionSame = 'TitleDescriptionSame',
  TitleLength = 'TitleLength',
  NoLastModified = 'NoLastModified',
  NoDataSource = 'NoDataSource',
  PlannedDurationNotPresent = 'PlannedDurationNotPresent',
  BeneficiaryLocationNameButNoCode = 'BeneficiaryLocationNameButNoCode',
  BeneficiaryButNotRecipientGeoData = 'BeneficiaryButNotRecipientGeoData',
  RecipientGeoDataButNoBeneficiary = 'RecipientGeoDataButNoBeneficiary',
  // ours
  AwardDateAfterPlannedEnd = 'AwardDateAfterPlannedEnd',
}

/** One check that found something: how many grants, and how many of its notices may be ignored. */
export interface Giving360CheckSummary {
  code: Giving360QualityCode;
  kind: Giving360CheckKind;
  /** Grants with at least one notice of this check (0 for a package-wide one). */
  grants: number;
  notices: number;
  ignorable: number;
}

export interface Giving360QualityReport {
  financialYear: string;
  grantCount: number;
  /** Each check that found something, in the tool's order. */
  checks: Giving360CheckSummary[];
  warnings: Giving360QualityWarning[];
}
