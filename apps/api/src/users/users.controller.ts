import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role, UsersService, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { versionFrom } from '../common/if-match.js';
import { CreateUserDto, UpdateUserDto, UserListQuery } from './users.dto.js';
import { UserPage, UserResponse } from './users.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'List users (admin)' })
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(400)
  async list(@Query() query: UserListQuery) {
    return page(await this.users.list(query), query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'Read a user (admin)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 404)
  get(@Param() { id }: IdParam) {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ operationId: 'createUser', summary: 'Create a user with a role; a partner belongs to an organisation (admin)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(400, 404, 'CONFLICT')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateUser', summary: 'Change a user\'s name, role, organisation, password or disabled flag; role, organisation and password changes end their logins (admin)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 404, 'CONFLICT', 'STALE_VERSION')
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateUserDto, @Headers('if-match') ifMatch?: string) {
    return this.users.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
