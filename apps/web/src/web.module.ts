import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { DomainModule, LoginAttemptsService, PartnerScopeInterceptor } from '#domain/index.js';
import { APP_CONFIG, loggerParams, type AppConfig } from '#platform/index.js';
import { SignInController } from './auth/sign-in.controller.js';
import { WebSessionService } from './auth/web-session.service.js';
import { AwardCreateController } from './awards/award-create.controller.js';
import { AwardChangesController } from './awards/award-changes.controller.js';
import { AwardHubController } from './awards/award-hub.controller.js';
import { AwardLifecycleController } from './awards/award-lifecycle.controller.js';
import { AwardsController } from './awards/awards.controller.js';
import { AwardsListPage } from './awards/awards-list.page.js';
import { WebAccessGuard } from './common/access.guard.js';
import { FormPipe } from './common/form.pipe.js';
import { WebSessionStore } from './common/session.js';
import { AdminHomePage } from './home/admin-home.page.js';
import { AwardsHome } from './home/awards-home.js';
import { FinanceHomePage } from './home/finance-home.page.js';
import { HomeController } from './home/home.controller.js';
import { OfficerHomePage } from './home/officer-home.page.js';
import { PanelHomePage } from './home/panel-home.page.js';
import { PartnerHomePage } from './home/partner-home.page.js';
import { PagesController } from './pages/pages.controller.js';

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
      controllers: [SignInController, HomeController, AwardCreateController, AwardsController, AwardHubController, AwardLifecycleController, AwardChangesController, PagesController, ...(options.controllers ?? [])],
      providers: [
        WebSessionStore,
        AwardsHome,
        AwardsListPage,
        PartnerHomePage,
        OfficerHomePage,
        FinanceHomePage,
        PanelHomePage,
        AdminHomePage,
        WebSessionService,
        LoginAttemptsService,
        { provide: APP_GUARD, useClass: WebAccessGuard },
        { provide: APP_INTERCEPTOR, useClass: PartnerScopeInterceptor },
        { provide: APP_PIPE, useClass: FormPipe },
      ],
    };
  }
}
