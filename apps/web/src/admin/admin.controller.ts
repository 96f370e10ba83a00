import { Controller, Get, Render } from '@nestjs/common';
import { Role } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';
import { QUEUE_DASHBOARD_PATH } from './queue-dashboard.js';


/** The administration index: the admin's home, and where the navigation's link leads. */
@Controller('admin')
@Roles(Role.Admin)
export class AdminController {
  @Get()
  @Render('admin/index')
  index() {
    return { queueDashboard: QUEUE_DASHBOARD_PATH };
  }
}
