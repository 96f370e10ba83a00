import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role, UsersService, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { versionFrom } from '../common/if-match.js';
import { CreateUserDto, UpdateUserDto, UserListQuery } from './users.dto.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Query() query: UserListQuery) {
    return page(await this.users.list(query), query);
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.users.get(id);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateUserDto, @Headers('if-match') ifMatch?: string) {
    return this.users.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
