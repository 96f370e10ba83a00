import type { PgErrorRoute } from '#platform/index.js';
import { FUNDING_PG_ERRORS } from '../funding/funding.errors.js';
import { PAYMENT_PG_ERRORS } from '../payments/payment.errors.js';
import { YEAR_END_PG_ERRORS } from '../year-end/year-end.errors.js';

/**
 * Every area's table of the refusals its triggers raise and the coded error each becomes, listed
 * explicitly like ENTITIES. The platform only routes them (libs/platform/src/database/pg-errors.ts).
 * Refusals no user action can cause through a service (audit RF006, return versions RF008/RF009)
 * are not routed: reaching them is a fault, answered 500 and logged.
 */
export const PG_ERROR_ROUTES: readonly PgErrorRoute[] = [...FUNDING_PG_ERRORS, ...PAYMENT_PG_ERRORS, ...YEAR_END_PG_ERRORS];
