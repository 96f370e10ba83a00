import { Controller, Get, Param, Render } from '@nestjs/common';
import { ALL_ROLES, AwardsService, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';

/** An award's page. Another organisation's award is the same 404 page as one that does not exist. */
@Controller('awards')
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

  @Get(':id')
  @Roles(...ALL_ROLES)
  @Render('awards/show')
  async show(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return { award: await this.awards.get(actor, id) };
  }
}
