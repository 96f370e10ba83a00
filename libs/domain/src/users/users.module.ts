import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { InvitationsService } from './invitations.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { UsersService } from './users.service.js';

@Module({ imports: [OrganisationsModule], providers: [UsersService, RefreshTokensService, InvitationsService], exports: [UsersService, RefreshTokensService, InvitationsService] })
export class UsersModule {}
