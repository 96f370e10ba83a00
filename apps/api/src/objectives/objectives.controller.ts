import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ObjectivesService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { PlanObjectiveResponse } from './objectives.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';
import { CreatePlanObjectiveDto, PlanObjectiveQuery } from './objectives.dto.js';

@ApiTags('plan objectives')
@ApiBearerAuth()
@Controller('plan-objectives')
export class ObjectivesController {
  constructor(private readonly objectives: ObjectivesService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listPlanObjectives', summary: 'The plan\'s objectives and measures, optionally of one plan' })
  @ApiOkResponse({ type: [PlanObjectiveResponse] })
  @ApiErrors(400)
  list(@Query() query: PlanObjectiveQuery) {
    return this.objectives.list(query.planName);
  }

  @Post()
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'createPlanObjective', summary: 'Add an objective with its measures' })
  @ApiCreatedResponse({ type: PlanObjectiveResponse })
  @ApiErrors(400, 'CONFLICT')
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanObjectiveDto) {
    return this.objectives.create(actor, dto);
  }
}
