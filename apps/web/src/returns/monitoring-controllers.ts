import type { Type } from '@nestjs/common';
import { AwardOutcomesController } from '../outcomes/award-outcomes.controller.js';
import { OutcomeFrameworksController } from '../outcomes/outcome-frameworks.controller.js';
import { ObjectivesController } from '../objectives/objectives.controller.js';
import { ReportsController } from '../reports/reports.controller.js';
import { ReportingController } from './reporting.controller.js';
import { ReturnsReviewController } from './returns-review.controller.js';

/** The commissioning officer's monitoring pages (schedule, returns review, outcomes, reports, objectives): one entry in web.module.ts. */
export const MONITORING_CONTROLLERS: Type<unknown>[] = [ReportingController, ReturnsReviewController, OutcomeFrameworksController, AwardOutcomesController, ReportsController, ObjectivesController];
