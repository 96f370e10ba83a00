import { Module } from '@nestjs/common';
import { Giving360Service } from './giving360.service.js';

/** The 360Giving export: a read model over awards, streams and organisations. */
@Module({ providers: [Giving360Service], exports: [Giving360Service] })
export class Giving360Module {}
