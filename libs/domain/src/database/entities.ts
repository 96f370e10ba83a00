import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Award } from '../award-ledger/award.entity.js';
import { AwardCoFunder, AwardLine, AwardObjective, AwardVariation } from '../awards/award.entity.js';
import { ConditionTemplate } from '../conditions/condition-template.entity.js';
import { Condition } from '../conditions/condition.entity.js';
import { FundingSource } from '../funding/funding-source.entity.js';
import { FundingStream } from '../funding/funding-stream.entity.js';
import { FundingStreamSource } from '../funding/funding-stream-source.entity.js';
import { PlanObjective, PlanObjectiveMeasure } from '../objectives/plan-objective.entity.js';
import { Payment } from '../payments/payment.entity.js';
import { MonitoringReturn, ReturnReview, ReturnValue, ReturnVersion } from '../returns/monitoring-return.entity.js';
import { ReportingPeriod, ReportingSchedule } from '../returns/reporting-period.entity.js';
import { Notification, ReminderPolicy } from '../reminders/notification.entity.js';
import { ReconciliationDiscrepancy, ReconciliationResolution, ReconciliationRun } from '../reconciliation/reconciliation-run.entity.js';
import { YearEndCarryForward, YearEndClose, YearEndDecision } from '../year-end/year-end.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { AwardOutcomeFramework, AwardTarget } from '../outcomes/award-target.entity.js';
import { OutcomeFramework, OutcomeIndicator } from '../outcomes/outcome-framework.entity.js';
import { User } from '../users/user.entity.js';
import { RefreshToken } from '../users/refresh-token.entity.js';
import { GrantsPublication } from '../reports/grants-publication.entity.js';
import { Document } from '../documents/document.entity.js';
import { BankHolidayOverride } from '#platform/index.js';

/** Every entity, listed explicitly (globs break under ESM). A new entity is added here. */
export const ENTITIES = [
  AuditEntry,
  Organisation,
  User,
  RefreshToken,
  FundingSource,
  FundingStream,
  FundingStreamSource,
  PlanObjective,
  PlanObjectiveMeasure,
  Award,
  AwardLine,
  AwardCoFunder,
  AwardObjective,
  AwardVariation,
  ConditionTemplate,
  Condition,
  Payment,
  OutcomeFramework,
  OutcomeIndicator,
  AwardOutcomeFramework,
  AwardTarget,
  BankHolidayOverride,
  ReportingSchedule,
  ReportingPeriod,
  MonitoringReturn,
  ReturnVersion,
  ReturnValue,
  ReturnReview,
  ReminderPolicy,
  Notification,
  ReconciliationRun,
  ReconciliationDiscrepancy,
  ReconciliationResolution,
  YearEndClose,
  YearEndDecision,
  YearEndCarryForward,
  GrantsPublication,
  Document,
];
