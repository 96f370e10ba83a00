import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessTokenCache, DomainModule, LoginAttemptsService, PartnerScopeInterceptor } from '#domain/index.js';
import { APP_CONFIG, loggerParams, type AppConfig } from '#platform/index.js';
import { AdminController } from './admin/admin.controller.js';
import { BankHolidaysController } from './admin/bank-holidays.controller.js';
import { OrganisationsController } from './admin/organisations.controller.js';
import { PublishingController } from './admin/publishing.controller.js';
import { SetPasswordController } from './admin/set-password.controller.js';
import { UsersController } from './admin/users.controller.js';
import { SignInController } from './auth/sign-in.controller.js';
import { WebSessionService } from './auth/web-session.service.js';
import { AwardCreateController } from './awards/award-create.controller.js';
import { AwardChangesController } from './awards/award-changes.controller.js';
import { AwardHubController } from './awards/award-hub.controller.js';
import { AwardLifecycleController } from './awards/award-lifecycle.controller.js';
import { AwardsController } from './awards/awards.controller.js';
import { AwardsListPage } from './awards/awards-list.page.js';
import { ConditionsController } from './conditions/conditions.controller.js';
import { ConditionsPage } from './conditions/conditions-page.js';
import { ConditionTemplatesController } from './funding/condition-templates.controller.js';
import { ReminderPolicyController } from './funding/reminder-policy.controller.js';
import { FundingController } from './funding/funding.controller.js';
import { MoneyPage } from './funding/money-page.js';
import { StreamFunding } from './funding/stream-funding.js';
import { StreamPage } from './funding/stream-page.js';
import { WebAccessGuard } from './common/access.guard.js';
import { FormPipe } from './common/form.pipe.js';
import { WebSessionStore } from './common/session.js';
import { AdminHomePage } from './home/admin-home.page.js';
import { FinanceHomePage } from './home/finance-home.page.js';
import { HomeController } from './home/home.controller.js';
import { OfficerHomePage } from './home/officer-home.page.js';
import { PanelHomePage } from './home/panel-home.page.js';
import { PartnerHomePage } from './home/partner-home.page.js';
import { PagesController } from './pages/pages.controller.js';
import { ReturnAttachmentsController } from './returns/return-attachments.controller.js';
import { ReturnPages } from './returns/return-pages.js';
import { ReturnsController } from './returns/returns.controller.js';
import { MONITORING_CONTROLLERS } from './returns/monitoring-controllers.js';
import { FINANCE_CONTROLLERS } from './payments/finance-controllers.js';
import { PanelPackController } from './panel/panel-pack.controller.js';
import { PanelController } from './panel/panel.controller.js';

export interface WebOptions {
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: NodeJS.WritableStream;
  /** More controllers beside the web's own: tests mount probe pages (a form, a staff-only page, a fault) here. */
  controllers?: Type<unknown>[];
}

/**
 * The web front end: server-rendered pages over the same domain services as the API, called
 * in-process (never over HTTP), so every rule, coded error and audit row is the API's.
 */
@Module({})
export class WebModule {
  static forRoot(overrides: NodeJS.ProcessEnv = {}, options: WebOptions = {}): DynamicModule {
    return {
      module: WebModule,
      imports: [
        LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config, options.logDestination) }),
        // Lets tests enumerate the web's routes (the web access matrix).
        DiscoveryModule,
        DomainModule.forRoot(overrides),
      ],
      // One controller per line, so areas added in parallel merge cleanly.
      controllers: [
        SignInController,
        HomeController,
        // Before AwardsController, so `/awards/new` is not read as an award id.
        AwardCreateController,
        AwardsController,
        AwardHubController,
        AwardLifecycleController,
        AwardChangesController,
        PagesController,
        ReturnsController,
        ReturnAttachmentsController,
        FundingController,
        ConditionTemplatesController,
        ReminderPolicyController,
        ConditionsController,
        ...MONITORING_CONTROLLERS,
        ...FINANCE_CONTROLLERS,
        PanelController,
        PanelPackController,
        AdminController,
        UsersController,
        SetPasswordController,
        OrganisationsController,
        BankHolidaysController,
        PublishingController,
        ...(options.controllers ?? []),
      ],
      providers: [
        WebSessionStore,
        AwardsListPage,
        PartnerHomePage,
        OfficerHomePage,
        FinanceHomePage,
        PanelHomePage,
        AdminHomePage,
        ReturnPages,
        MoneyPage,
        StreamPage,
        StreamFunding,
        ConditionsPage,
        WebSessionService,
        AccessTokenCache,
        LoginAttemptsService,
        { provide: APP_GUARD, useClass: WebAccessGuard },
        { provide: APP_INTERCEPTOR, useClass: PartnerScopeInterceptor },
        { provide: APP_PIPE, useClass: FormPipe },
      ],
    };
  }
}
