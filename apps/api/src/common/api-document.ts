import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * Every tag an operation may carry, with what it groups. A controller with a tag not listed here
 * fails the OpenAPI test, so the document never shows an undescribed group.
 */
export const API_TAGS: Record<string, string> = {
  auth: 'Logging in, refreshing and ending a login; who the token belongs to',
  users: 'User accounts and roles (admin)',
  organisations: 'Funders, commissioners and funded partners',
  funding: 'Funding sources (money received) and the ring-fenced streams they are assigned to',
  'plan objectives': 'Objectives and measures of the Police and Crime Plan that awards serve',
  awards: 'Awards to partners: lifecycle from draft to closed, variations, budget lines',
  conditions: 'Conditions on awards, and the templates a stream copies onto its awards',
  payments: 'Instalments and recoveries of an award, approved and paid by finance',
  outcomes: 'Outcome frameworks, their indicators, and the targets of each award',
  monitoring: 'Reporting schedules, periods, monitoring returns and what a partner owes',
  reminders: 'Reminder policies of streams and the chasing record of awards',
  reconciliation: 'Runs that compare received, assigned, committed, paid and reported money',
  'year-end': 'Closing a stream\'s financial year with a decision per underspend',
  reports: 'The grants table, finance, returns and outcomes reports, and which years are published',
  exports: 'The 360Giving package of a year, and its data quality warnings',
  calendar: 'England-and-Wales working days and bank holidays',
  audit: 'The append-only trail of every change',
  health: 'Whether the database and Redis answer (outside /api)',
  documents: 'Files on awards (the grant agreement), conditions (evidence) and monitoring returns (attachments)',
};

/** `AwardsController.list` -> `AwardsController_list`: only for an operation without its own operationId (the OpenAPI test refuses those). */
const fallbackOperationId = (controllerKey: string, methodKey: string) => `${controllerKey}_${methodKey}`;

/** The served OpenAPI document: info, server, tags and security scheme, then what the controllers declare. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Ringfence')
    .setDescription(
      'Commissioning grants and victims\' services with public money. Money is integer pence (fields ending `Pence`); ' +
        'dates YYYY-MM-DD; instants UTC ISO 8601; financial years `2014/15`. Errors are `{statusCode, error, message, code?}`; ' +
        'a partner sees only its own organisation\'s rows (another\'s id is a 404).',
    )
    .setVersion('0.1.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This deployment (API paths start with /api)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken of POST /api/auth/login (15 minutes)' });
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  const config = builder.build();
  // No address of our own to publish: SECURITY.md says how to reach the maintainers.
  config.info.contact = { name: 'Ringfence maintainers (see SECURITY.md for reporting a vulnerability)' };
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: fallbackOperationId });
  // Domain refusals carry their details beside the four fields (remainingPence, conditions...).
  const errorSchema = document.components?.schemas?.['ErrorResponse'];
  if (errorSchema && 'properties' in errorSchema) errorSchema.additionalProperties = true;
  return withDistinctSecurity(document);
}

/**
 * A controller's @ApiBearerAuth() and the same requirement from @Roles() on its routes would list
 * bearer twice; keep each requirement once.
 */
function withDistinctSecurity(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('security' in operation) || !Array.isArray(operation.security)) continue;
      const seen = new Set<string>();
      operation.security = operation.security.filter((requirement: object) => {
        const key = JSON.stringify(requirement);
        return !seen.has(key) && Boolean(seen.add(key));
      });
    }
  }
  return document;
}
