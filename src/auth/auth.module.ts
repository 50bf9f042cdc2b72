import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysController, AuthController, UsersController } from './auth.controller';
import { BootstrapService } from './bootstrap.service';
import { UsersService } from './users.service';
import { AUTH_AUDIT_READ_POLICIES } from './auth-audit-policies';
import { WebSessionsService } from './web-sessions.service';

@Module({
  imports: [AuditModule],
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [
    UsersService,
    ApiKeysService,
    BootstrapService,
    WebSessionsService,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    AUTH_AUDIT_READ_POLICIES,
  ],
  exports: [UsersService, ApiKeysService, WebSessionsService],
})
export class AuthModule {}
