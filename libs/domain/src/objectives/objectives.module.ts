import { Module } from '@nestjs/common';
import { ObjectivesService } from './objectives.service.js';

@Module({ providers: [ObjectivesService], exports: [ObjectivesService] })
export class ObjectivesModule {}
