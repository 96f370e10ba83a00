import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  ALL_ROLES,
  OutcomesService,
  Role,
  STAFF_ROLES,
  type Actor,
  type AwardTargetInput,
  type CreateIndicatorInput,
  type CreateOutcomeFrameworkInput,
} from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { OutcomesBodyPipe } from './outcomes-body.pipe.js';
import { CreateOutcomeFrameworkDto, IndicatorDto, OutcomeFrameworkListQuery, SetAwardFrameworkDto, TargetDto, TargetListDto } from './outcomes.dto.js';
import { AwardTargetsResponse, OutcomeFrameworkPage, OutcomeFrameworkResponse } from './outcomes.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

/**
 * Outcome frameworks and their indicators. Indicators are added (POST :id/indicators), never
 * deleted or re-coded. Bodies are validated by OutcomesBodyPipe, which names list items
 * `indicators[i].field` like the domain does (the parameters are typed by domain interfaces so
 * the global pipe leaves them to it).
 */
@ApiTags('outcomes')
@ApiBearerAuth()
@Controller('outcome-frameworks')
export class OutcomeFrameworksController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listOutcomeFrameworks', summary: 'List outcome frameworks with their indicators' })
  @ApiOkResponse({ type: OutcomeFrameworkPage })
  @ApiErrors(400)
  async list(@Query() query: OutcomeFrameworkListQuery) {
    return page(await this.outcomes.listFrameworks(query), query);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'getOutcomeFramework', summary: 'Read an outcome framework with its indicators' })
  @ApiOkResponse({ type: OutcomeFrameworkResponse })
  @ApiErrors(400, 404)
  get(@Param() { id }: IdParam) {
    return this.outcomes.getFramework(id);
  }

  @Post()
  @Roles(Role.Commissioner)
  @ApiBody({ type: CreateOutcomeFrameworkDto })
  @ApiOperation({ operationId: 'createOutcomeFramework', summary: 'Create an outcome framework for a year, a stream or a plan objective, with its indicators' })
  @ApiCreatedResponse({ type: OutcomeFrameworkResponse })
  @ApiErrors(400, 404, 'CONFLICT')
  create(@CurrentActor() actor: Actor, @Body(new OutcomesBodyPipe(CreateOutcomeFrameworkDto)) dto: CreateOutcomeFrameworkInput) {
    return this.outcomes.createFramework(actor, dto);
  }

  /** Adds one indicator after the others; answers the whole framework. */
  @Post(':id/indicators')
  @Roles(Role.Commissioner)
  @ApiBody({ type: IndicatorDto })
  @ApiOperation({ operationId: 'addOutcomeIndicator', summary: 'Add an indicator after the others (codes are never reused or changed)' })
  @ApiCreatedResponse({ type: OutcomeFrameworkResponse, description: 'the whole framework' })
  @ApiErrors(400, 404, 'CONFLICT')
  addIndicator(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body(new OutcomesBodyPipe(IndicatorDto)) dto: CreateIndicatorInput) {
    return this.outcomes.addIndicator(actor, id, dto);
  }
}

/** An award's outcome framework and targets: `/api/awards/:id/{outcome-framework,targets}`. */
@ApiTags('outcomes')
@ApiBearerAuth()
@Controller('awards')
export class AwardTargetsController {
  constructor(private readonly outcomes: OutcomesService) {}

  /** Staff see any award's; a partner its own organisation's (another's award is 404). */
  @Get(':id/targets')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'getAwardTargets', summary: 'An award\'s outcome framework and targets' })
  @ApiOkResponse({ type: AwardTargetsResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.outcomes.awardTargets(actor, id);
  }

  /** Replaces the award's targets as a whole; `[]` clears them. 409 NO_OUTCOME_FRAMEWORK until one is set. */
  @Put(':id/targets')
  @Roles(Role.Commissioner)
  @ApiBody({ type: [TargetDto] })
  @ApiOperation({ operationId: 'replaceAwardTargets', summary: 'Replace an award\'s targets as a whole; `[]` clears them' })
  @ApiOkResponse({ type: AwardTargetsResponse })
  @ApiErrors(400, 404, 'NO_OUTCOME_FRAMEWORK', 'INVALID_TRANSITION')
  replace(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body(new OutcomesBodyPipe(TargetListDto, 'targets')) body: { targets: AwardTargetInput[] }) {
    return this.outcomes.replaceTargets(actor, id, body.targets);
  }

  @Put(':id/outcome-framework')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'setAwardOutcomeFramework', summary: 'Choose the outcome framework an award reports against' })
  @ApiOkResponse({ type: AwardTargetsResponse })
  @ApiErrors(400, 404, 'OUTCOME_FRAMEWORK_IN_USE', 'INVALID_TRANSITION')
  setFramework(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SetAwardFrameworkDto) {
    return this.outcomes.assignFramework(actor, id, dto.outcomeFrameworkId);
  }
}
