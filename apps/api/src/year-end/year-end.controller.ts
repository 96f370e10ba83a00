import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Role, YearEndService, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { CarryForwardPermissionDto, CloseYearDto } from './year-end.dto.js';
import { CarryForwardPermissionResponse, YearEndCloseResponse, YearEndPreviewResponse } from './year-end.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

/** Year-end close of a funding stream's financial year: `/api/funding-streams/:id/year-end`. */
@ApiTags('year-end')
@ApiBearerAuth()
@Controller('funding-streams')
export class YearEndController {
  constructor(private readonly yearEnd: YearEndService) {}

  /** Per award: award, net paid, reported spend, underspend, unpaid commitment, decisions recorded. */
  @Get(':id/year-end')
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  @ApiOperation({ operationId: 'previewYearEnd', summary: 'A stream\'s year-end figures per award, and whether the year can be closed' })
  @ApiOkResponse({ type: YearEndPreviewResponse })
  @ApiErrors(400, 404)
  preview(@Param() { id }: IdParam) {
    return this.yearEnd.preview(id);
  }

  /** Closes the year with a decision per underspend; later writes to the year's money are 409 YEAR_CLOSED. */
  @Post(':id/year-end')
  @Roles(Role.Finance)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'replays the first answer for the same key and body' })
  @ApiOperation({ operationId: 'closeYear', summary: 'Close a stream\'s year with a decision per underspend; later writes to its money are 409 YEAR_CLOSED' })
  @ApiCreatedResponse({ type: YearEndCloseResponse })
  @ApiErrors(400, 404, 'YEAR_CLOSED', 'YEAR_NOT_ENDED', 'CARRY_FORWARD_NOT_ALLOWED', 'IDEMPOTENCY_MISMATCH')
  close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CloseYearDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.yearEnd.close(actor, id, dto, idempotent);
  }
}

/** The funder's permission to carry an underspend of a funding source into the next year. */
@ApiTags('year-end')
@ApiBearerAuth()
@Controller('funding-sources')
export class CarryForwardPermissionController {
  constructor(private readonly yearEnd: YearEndService) {}

  @Put(':id/carry-forward')
  @Roles(Role.Finance, Role.Commissioner)
  @ApiOperation({ operationId: 'setCarryForwardPermission', summary: 'Record whether the funder lets a source\'s underspend be carried into the next year' })
  @ApiOkResponse({ type: CarryForwardPermissionResponse })
  @ApiErrors(400, 404, 'YEAR_CLOSED')
  set(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CarryForwardPermissionDto) {
    return this.yearEnd.setCarryForwardPermission(actor, id, dto);
  }
}
