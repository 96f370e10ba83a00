import { Module } from '@nestjs/common';
import { DocumentsService } from './documents.service.js';

/** Documents on awards, conditions and returns. ReturnsModule imports this one (never the reverse). */
@Module({ providers: [DocumentsService], exports: [DocumentsService] })
export class DocumentsModule {}
