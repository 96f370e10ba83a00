import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { AwardsModule } from './awards/awards.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ConditionsModule } from './conditions/conditions.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { FundingModule } from './funding/funding.module.js';
import { Giving360Module } from './giving360/giving360.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { ObjectivesModule } from './objectives/objectives.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { OutcomesModule } from './outcomes/outcomes.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { ReturnsModule } from './returns/returns.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { UsersModule } from './users/users.module.js';
import { YearEndModule } from './year-end/year-end.module.js';

const AREAS = [AuditModule, IdempotencyModule, OrganisationsModule, UsersModule, FundingModule, ObjectivesModule, ConditionsModule, AwardsModule, PaymentsModule, OutcomesModule, ReturnsModule, NotificationsModule, ReconciliationModule, ReportsModule, Giving360Module, CalendarModule, YearEndModule, DocumentsModule];

/** Every area of the business with its database connection; the API and the worker import this. */
@Module({ imports: [DatabaseModule, ...AREAS], exports: AREAS })
export class DomainModule {}
