// JavaScript only enhances (docs/web-contract.md#conventions): every page works without it. GOV.UK Frontend and the MOJ
// Pattern Library start the components marked with data-module on the page.
import { initAll as initGovUk } from 'govuk-frontend';
import { initAll as initMoj } from '@ministryofjustice/frontend';
import { initProgress } from './progress.mjs';

initGovUk();
initMoj();
initProgress();
