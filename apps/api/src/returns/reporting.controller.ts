import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, ReportingService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { ExtraPeriodDto, SetScheduleDto } from './returns.dto.js';
import { ReportingPeriodResponse, ReportingScheduleResponse } from './returns.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('awards/:id')
export class ReportingController {
  constructor(private readonly reporting: ReportingService) {}

  /** Makes the award's periods on the UK financial year; keeps any period that has a return. */
  @Put('reporting-schedule')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'setReportingSchedule', summary: 'Set how often an award reports; makes its periods on the UK financial year' })
  @ApiOkResponse({ type: ReportingScheduleResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  setSchedule(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SetScheduleDto) {
    return this.reporting.setSchedule(actor, id, dto);
  }

  @Get('reporting-schedule')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'getReportingSchedule', summary: 'An award\'s reporting schedule and periods' })
  @ApiOkResponse({ type: ReportingScheduleResponse })
  @ApiErrors(400, 404)
  schedule(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.reporting.getSchedule(actor, id);
  }

  @Post('reporting-periods')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'addReportingPeriod', summary: 'Add an extra reporting period to an award' })
  @ApiCreatedResponse({ type: ReportingPeriodResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  addPeriod(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ExtraPeriodDto) {
    return this.reporting.addExtraPeriod(actor, id, dto);
  }

  @Get('reporting-periods')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listReportingPeriods', summary: 'An award\'s reporting periods with due dates and status' })
  @ApiOkResponse({ type: [ReportingPeriodResponse] })
  @ApiErrors(400, 404)
  periods(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.reporting.listPeriods(actor, id);
  }
}
