import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, OrganisationsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { versionFrom } from '../common/if-match.js';
import { CreateOrganisationDto, OrganisationListQuery, UpdateOrganisationDto } from './organisations.dto.js';
import { OrganisationPage, OrganisationResponse } from './organisations.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiHeader, ApiOkResponse, ApiOperation, IF_MATCH_HEADER } from '../common/openapi.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  /** Staff see all; a partner sees its own organisation. */
  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listOrganisations', summary: 'List organisations: staff see all, a partner its own' })
  @ApiOkResponse({ type: OrganisationPage })
  @ApiErrors(400)
  async list(@CurrentActor() actor: Actor, @Query() query: OrganisationListQuery) {
    return page(await this.organisations.list(actor, query), query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'getOrganisation', summary: 'Read an organisation' })
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.organisations.get(actor, id);
  }

  @Post()
  @Roles(Role.Admin, Role.Commissioner, Role.Finance)
  @ApiOperation({ operationId: 'createOrganisation', summary: 'Add a funder, commissioner or funded partner' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiErrors(400, 'CONFLICT')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto) {
    return this.organisations.create(actor, dto);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.Commissioner, Role.Finance)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ operationId: 'updateOrganisation', summary: 'Change an organisation; `version` in the body or `If-Match` guards against lost updates' })
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiErrors(400, 404, 'STALE_VERSION', 'CONFLICT')
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateOrganisationDto, @Headers('if-match') ifMatch?: string) {
    return this.organisations.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
