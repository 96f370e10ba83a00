import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, PlatformModule } from '#platform/index.js';
import { AuditModule } from './audit/audit.module.js';
import { AwardLedgerModule } from './award-ledger/award-ledger.module.js';
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
import { PanelModule } from './panel/panel.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { ReturnsModule } from './returns/returns.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { UsersModule } from './users/users.module.js';
import { YearEndModule } from './year-end/year-end.module.js';

const AREAS = [AuditModule, IdempotencyModule, OrganisationsModule, UsersModule, FundingModule, ObjectivesModule, AwardLedgerModule, ConditionsModule, AwardsModule, PaymentsModule, OutcomesModule, ReturnsModule, RemindersModule, ReconciliationModule, ReportsModule, Giving360Module, CalendarModule, YearEndModule, DocumentsModule, PanelModule];

/**
 * Every area of the business with everything it runs on. `forRoot` is the only way in: the API,
 * the worker and the CLIs all import `DomainModule.forRoot(overrides)`, so none of them can
 * forget a piece. (The seed CLI once imported the areas without PlatformModule, whose global
 * CalendarService, JobQueue and MailService the areas inject, and failed to boot while the apps,
 * which imported it themselves, worked.)
 */
@Module({})
export class DomainModule {
  static forRoot(overrides: NodeJS.ProcessEnv = {}): DynamicModule {
    return {
      module: DomainModule,
      imports: [AppConfigModule.forRoot(overrides), PlatformModule, DatabaseModule, ...AREAS],
      exports: AREAS,
    };
  }
}
