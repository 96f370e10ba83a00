import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ObjectivesService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { PlanObjectiveResponse } from './plan-objectives.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

export class CreatePlanObjectiveDto {
  @ApiProperty({ example: '2' }) @IsString() @MinLength(1) @MaxLength(20)
  code: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500)
  title: string;

  @ApiProperty({ example: 'Police and Crime Plan 2014-16' }) @IsString() @MinLength(1) @MaxLength(300)
  planName: string;

  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(500, { each: true }) @MinLength(1, { each: true })
  measures: string[];
}

export class PlanObjectiveQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300)
  planName?: string;
}

@ApiTags('plan objectives')
@ApiBearerAuth()
@Controller('plan-objectives')
export class PlanObjectivesController {
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
