import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, ConditionsService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { ConditionListQuery, CreateConditionDto, CreateConditionTemplateDto, ResolveConditionDto } from './conditions.dto.js';
import { ConditionResponse, ConditionTemplateResponse } from './conditions.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

/** Conditions on awards: `/api/awards/:id/conditions` and `/api/conditions/:id/{met,waive,breach}`. */
@ApiTags('conditions')
@ApiBearerAuth()
@Controller()
export class ConditionsController {
  constructor(private readonly conditions: ConditionsService) {}

  /** Staff see any award's conditions; a partner its own organisation's (another's award is 404). */
  @Get('awards/:id/conditions')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listAwardConditions', summary: 'The conditions of an award, optionally by status' })
  @ApiOkResponse({ type: [ConditionResponse] })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: ConditionListQuery) {
    return this.conditions.list(actor, id, query);
  }

  @Post('awards/:id/conditions')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'addAwardCondition', summary: 'Attach a condition to an award (not to a closed or cancelled one)' })
  @ApiCreatedResponse({ type: ConditionResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CreateConditionDto) {
    return this.conditions.create(actor, id, dto);
  }

  @Post('conditions/:id/met')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'meetCondition', summary: 'Mark an open condition met, with the evidence' })
  @ApiOkResponse({ type: ConditionResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  met(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ResolveConditionDto) {
    return this.conditions.resolve(actor, id, 'met', dto);
  }

  @Post('conditions/:id/waive')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'waiveCondition', summary: 'Waive an open condition, with the reason' })
  @ApiOkResponse({ type: ConditionResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  waive(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ResolveConditionDto) {
    return this.conditions.resolve(actor, id, 'waive', dto);
  }

  @Post('conditions/:id/breach')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'breachCondition', summary: 'Record a breach; one that holds payments suspends its active award' })
  @ApiOkResponse({ type: ConditionResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  breach(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ResolveConditionDto) {
    return this.conditions.resolve(actor, id, 'breach', dto);
  }
}

/** A funding stream's condition templates, copied onto each award created from it. */
@ApiTags('conditions')
@ApiBearerAuth()
@Controller('funding-streams')
export class ConditionTemplatesController {
  constructor(private readonly conditions: ConditionsService) {}

  @Get(':id/condition-templates')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listConditionTemplates', summary: 'The condition templates of a funding stream' })
  @ApiOkResponse({ type: [ConditionTemplateResponse] })
  @ApiErrors(400, 404)
  list(@Param() { id }: IdParam) {
    return this.conditions.listTemplates(id);
  }

  @Post(':id/condition-templates')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'addConditionTemplate', summary: 'Add a template every later award of the stream gets as a condition' })
  @ApiCreatedResponse({ type: ConditionTemplateResponse })
  @ApiErrors(400, 404)
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CreateConditionTemplateDto) {
    return this.conditions.createTemplate(actor, id, dto);
  }
}
