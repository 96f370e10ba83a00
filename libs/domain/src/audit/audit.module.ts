import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** Global: every area records changes through the one AuditService. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
