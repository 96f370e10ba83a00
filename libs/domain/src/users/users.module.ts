import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { UsersService } from './users.service.js';

@Module({ imports: [OrganisationsModule], providers: [UsersService, RefreshTokensService], exports: [UsersService, RefreshTokensService] })
export class UsersModule {}
