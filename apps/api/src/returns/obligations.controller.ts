import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, ObligationsService, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { ObligationsResponse } from './returns.responses.js';
import { ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';
import { ObligationsQuery } from './returns.dto.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  /** Every open period, due date, missing return, open condition and target of an organisation. */
  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'getObligations', summary: 'Everything an organisation owes: open periods, due dates, missing returns, open conditions, targets' })
  @ApiOkResponse({ type: ObligationsResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Query() query: ObligationsQuery) {
    return this.obligations.forOrganisation(actor, query.organisationId);
  }
}
