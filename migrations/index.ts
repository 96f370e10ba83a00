import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { Conditions1764000100000 } from './1764000100000-conditions.js';
import { AwardLifecycle1764000200000 } from './1764000200000-award-lifecycle.js';
import { Payments1764000300000 } from './1764000300000-payments.js';
import { Calendar1764000400000 } from './1764000400000-calendar.js';
import { Outcomes1764000500000 } from './1764000500000-outcomes.js';
import { MonitoringReturns1764000600000 } from './1764000600000-monitoring-returns.js';
import { Notifications1764000650000 } from './1764000650000-notifications.js';
import { Reconciliation1764000700000 } from './1764000700000-reconciliation.js';
import { YearEnd1764000800000 } from './1764000800000-year-end.js';
import { RowLevelSecurity1764000900000 } from './1764000900000-row-level-security.js';
import { RefreshTokens1764001000000 } from './1764001000000-refresh-tokens.js';
import { ApiBenchIndexes1764001500000 } from './1764001500000-ApiBenchIndexes.js';
import { GrantsPublication1764002000000 } from './1764002000000-grants-publication.js';
import { BreachedConditionsHoldPayments1764003000000 } from './1764003000000-breached-conditions-hold-payments.js';
import { EscalationLeadOfficers1764003100000 } from './1764003100000-escalation-lead-officers.js';
import { Giving360Locations1764003200000 } from './1764003200000-giving360-locations.js';
import { RefreshTokenLiveLogin1764003300000 } from './1764003300000-refresh-token-live-login.js';
import { Documents1764003450000 } from './1764003450000-documents.js';
import { AwardTimelineIndex1764004100000 } from './1764004100000-award-timeline-index.js';
import { PanelPacks1764004400000 } from './1764004400000-panel-packs.js';
import { UserInvitations1764004410000 } from './1764004410000-user-invitations.js';
import { StreamCommittedTotal1764004500000 } from './1764004500000-stream-committed-total.js';
import { LoginChangeNotify1764004500100 } from './1764004500100-login-change-notify.js';
import { PaymentQueueIndex1764004500300 } from './1764004500300-payment-queue-index.js';
import { ActiveCommissionerIndex1764004500400 } from './1764004500400-active-commissioner-index.js';
import { AwardAmountIndex1764004500500 } from './1764004500500-award-amount-index.js';
import { AwardListDeepPages1764004500600 } from './1764004500600-award-list-deep-pages.js';

/** Every migration, in order. Listed explicitly: globs break under ESM and bundling. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Conditions1764000100000,
  AwardLifecycle1764000200000,
  Payments1764000300000,
  Calendar1764000400000,
  Outcomes1764000500000,
  MonitoringReturns1764000600000,
  Notifications1764000650000,
  Reconciliation1764000700000,
  YearEnd1764000800000,
  RowLevelSecurity1764000900000,
  RefreshTokens1764001000000,
  ApiBenchIndexes1764001500000,
  GrantsPublication1764002000000,
  BreachedConditionsHoldPayments1764003000000,
  EscalationLeadOfficers1764003100000,
  Giving360Locations1764003200000,
  RefreshTokenLiveLogin1764003300000,
  Documents1764003450000,
  AwardTimelineIndex1764004100000,
  PanelPacks1764004400000,
  UserInvitations1764004410000,
  StreamCommittedTotal1764004500000,
  LoginChangeNotify1764004500100,
  PaymentQueueIndex1764004500300,
  ActiveCommissionerIndex1764004500400,
  AwardAmountIndex1764004500500,
  AwardListDeepPages1764004500600,
];
