import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, OrganisationsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { versionFrom } from '../common/if-match.js';
import { CreateOrganisationDto, OrganisationListQuery, UpdateOrganisationDto } from './organisations.dto.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  /** Staff see all; a partner sees its own organisation. */
  @Get()
  @Roles(...ALL_ROLES)
  async list(@CurrentActor() actor: Actor, @Query() query: OrganisationListQuery) {
    return page(await this.organisations.list(actor, query), query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.organisations.get(actor, id);
  }

  @Post()
  @Roles(Role.Admin, Role.Commissioner, Role.Finance)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto) {
    return this.organisations.create(actor, dto);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.Commissioner, Role.Finance)
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateOrganisationDto, @Headers('if-match') ifMatch?: string) {
    return this.organisations.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
