import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AccessTokenCache, DomainModule, LoginAttemptsService, PartnerScopeInterceptor } from '#domain/index.js';
import { APP_CONFIG, loggerParams, type AppConfig } from '#platform/index.js';
import { AuditController } from './audit/audit.controller.js';
import { ACCESS_TOKEN_ALGORITHM } from './auth/access-token.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { AwardsController } from './awards/awards.controller.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { DocumentsController } from './documents/documents.controller.js';
import { AuthGuard } from './common/auth.guard.js';
import { RemindersController } from './reminders/reminders.controller.js';
import { MonitoringReturnsController } from './returns/monitoring-returns.controller.js';
import { ObligationsController } from './returns/obligations.controller.js';
import { ReportingController } from './returns/reporting.controller.js';
import { PaymentsController } from './payments/payments.controller.js';
import { ReconciliationController } from './reconciliation/reconciliation.controller.js';
import { ConditionsController, ConditionTemplatesController } from './conditions/conditions.controller.js';
import { FundingSourcesController } from './funding/funding-sources.controller.js';
import { FundingStreamsController } from './funding/funding-streams.controller.js';
import { HealthController } from './health/health.controller.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { AwardTargetsController, OutcomeFrameworksController } from './outcomes/outcomes.controller.js';
import { ObjectivesController } from './objectives/objectives.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { GrantsPublicationController } from './reports/grants-publication.controller.js';
import { Giving360Controller } from './giving360/giving360.controller.js';
import { UsersController } from './users/users.controller.js';
import { CarryForwardPermissionController, YearEndController } from './year-end/year-end.controller.js';

export interface ApiOptions {
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: NodeJS.WritableStream;
}

/** The HTTP process: controllers, guards and OpenAPI over the domain. It never runs job work. */
@Module({})
export class ApiModule {
  static forRoot(overrides: NodeJS.ProcessEnv = {}, options: ApiOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DomainModule.forRoot(overrides),
        LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config, options.logDestination) }),
        JwtModule.registerAsync({
          inject: [APP_CONFIG],
          // A KeyObject, made once: given the string, jsonwebtoken re-parses it as a key on every
          // sign and verify (the API bench measured /api/auth/me at 1.27 -> 0.76 ms of CPU).
          // One algorithm both ways (access-token.ts), so no token can choose its own.
          useFactory: (config: AppConfig) => ({
            secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
            signOptions: { algorithm: ACCESS_TOKEN_ALGORITHM, expiresIn: config.jwtTtl as '8h' },
            verifyOptions: { algorithms: [ACCESS_TOKEN_ALGORITHM] },
          }),
        }),
        TerminusModule,
        // Lets tests and tooling enumerate routes (deny-by-default check, access matrix).
        DiscoveryModule,
      ],
      controllers: [
        AuthController,
        UsersController,
        OrganisationsController,
        FundingSourcesController,
        FundingStreamsController,
        ObjectivesController,
        AwardsController,
        PaymentsController,
        ConditionsController,
        ConditionTemplatesController,
        OutcomeFrameworksController,
        AwardTargetsController,
        ReportsController,
        GrantsPublicationController,
        Giving360Controller,
        AuditController,
        CalendarController,
        ReportingController,
        MonitoringReturnsController,
        ObligationsController,
        RemindersController,
        ReconciliationController,
        YearEndController,
        CarryForwardPermissionController,
        DocumentsController,
        HealthController,
      ],
      providers: [AuthService, AccessTokenCache, LoginAttemptsService, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_INTERCEPTOR, useClass: PartnerScopeInterceptor }],
    };
  }
}
