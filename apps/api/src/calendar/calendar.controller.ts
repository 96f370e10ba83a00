import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, CalendarAdminService, Role, type Actor } from '#domain/index.js';
import { CalendarService } from '#platform/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import {
  BankHolidayOverrideResponse,
  BankHolidayResponse,
  BankHolidaysQuery,
  CreateBankHolidayOverrideDto,
  IsWorkingDayQuery,
  IsWorkingDayResponse,
  WorkingDaysQuery,
  WorkingDaysResponse,
} from './calendar.dto.js';
import { ApiErrors, ApiOperation } from '../common/openapi.js';

/** The England-and-Wales working-day calendar (docs/design.md#time). */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly calendarAdmin: CalendarAdminService,
  ) {}

  @Get('working-days')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: WorkingDaysResponse, description: '`add` working days after `from`, skipping weekends and bank holidays' })
  @ApiOperation({ operationId: 'addWorkingDays', summary: 'The date `add` England-and-Wales working days after `from`' })
  @ApiErrors(400)
  async workingDays(@Query() query: WorkingDaysQuery): Promise<WorkingDaysResponse> {
    return { date: await this.calendar.addWorkingDays(query.from, query.add) };
  }

  @Get('is-working-day')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: IsWorkingDayResponse })
  @ApiOperation({ operationId: 'isWorkingDay', summary: 'Whether a date is a working day in England and Wales' })
  @ApiErrors(400)
  async isWorkingDay(@Query() query: IsWorkingDayQuery): Promise<IsWorkingDayResponse> {
    return { date: query.date, workingDay: await this.calendar.isWorkingDay(query.date) };
  }

  @Get('bank-holidays')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: [BankHolidayResponse], description: 'of `year`, or from `from` to `to`; removed holidays left out' })
  @ApiOperation({ operationId: 'listBankHolidays', summary: 'Bank holidays of a year, or between two dates, with admin overrides applied' })
  @ApiErrors(400)
  bankHolidays(@Query() query: BankHolidaysQuery): Promise<BankHolidayResponse[]> {
    return query.year !== undefined ? this.calendar.holidays(query.year) : this.calendar.holidaysBetween(query.from!, query.to!);
  }

  @Post('bank-holidays')
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: BankHolidayOverrideResponse, description: '409 CONFLICT when the date already has an override' })
  @ApiOperation({ operationId: 'addBankHolidayOverride', summary: 'Add a bank holiday the library lacks, or remove one it has (admin)' })
  @ApiErrors(400, 'CONFLICT')
  addOverride(@CurrentActor() actor: Actor, @Body() dto: CreateBankHolidayOverrideDto): Promise<BankHolidayOverrideResponse> {
    return this.calendarAdmin.addOverride(actor, { date: dto.date, name: dto.name, kind: dto.kind ?? 'add', note: dto.note ?? null });
  }
}
