import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersService } from './users.service.js';

@Module({ imports: [OrganisationsModule], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
