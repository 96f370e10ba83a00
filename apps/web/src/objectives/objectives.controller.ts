import { Controller, Get, Render } from '@nestjs/common';
import { OfficerWorkService, STAFF_ROLES } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';

/** The plan's objectives with their measures and the awards that serve each. */
@Controller('objectives')
export class ObjectivesController {
  constructor(private readonly work: OfficerWorkService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @Render('objectives/index')
  async index() {
    return { objectives: await this.work.objectivesWithAwards() };
  }
}
