import { Module } from '@nestjs/common';
import { CalendarAdminService } from './calendar-admin.service.js';

/** The audited calendar writes; CalendarService itself comes from the global PlatformModule. */
@Module({ providers: [CalendarAdminService], exports: [CalendarAdminService] })
export class CalendarModule {}
