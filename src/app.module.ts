import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { CocultureModule } from './assays/coculture/coculture.module';
import { EffluxModule } from './assays/efflux/efflux.module';
import { LcmsModule } from './assays/lcms/lcms.module';
import { QpcrModule } from './assays/qpcr/qpcr.module';
import { ViabilityModule } from './assays/viability/viability.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DatabaseModule } from './common/database/database.module';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { EnvironmentVariables, validateEnv } from './config/env.validation';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { MaterialsModule } from './materials/materials.module';
import { PlatesModule } from './plates/plates.module';
import { ProtocolsModule } from './protocols/protocols.module';
import { RunsModule } from './runs/runs.module';
import { SignaturesModule } from './signatures/signatures.module';
import { WebModule } from './web/web.module';

export const REQUEST_ID_HEADER = 'x-request-id';

function requestLogFields(req: IncomingMessage & { id?: unknown; originalUrl?: string }) {
  return {
    id: req.id,
    method: req.method,
    url: req.originalUrl ?? req.url,
    remoteAddress: req.socket?.remoteAddress,
    userAgent: req.headers['user-agent'],
  };
}

function responseLogFields(res: ServerResponse) {
  return { statusCode: res.statusCode };
}

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: validateEnv,
      cache: true,
    }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          // Reuse a caller's request id when it is sane, else make one; echo it back.
          genReqId: (req, res) => {
            const given = req.headers[REQUEST_ID_HEADER];
            const id =
              typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
            res.setHeader(REQUEST_ID_HEADER, id);
            return id;
          },
          // A request's log line names it without its headers: pino serialises a request's
          // bindings on every request at every level, and whole headers were costly (see
          // docs/performance.md). No credential reaches the log.
          wrapSerializers: false,
          serializers: { req: requestLogFields, res: responseLogFields },
          autoLogging: { ignore: (req) => req.url === '/health' },
        },
      }),
    }),
    DatabaseModule,
    AuditModule,
    AuthModule,
    HealthModule,
    SignaturesModule,
    MaterialsModule,
    ProtocolsModule,
    RunsModule,
    PlatesModule,
    InstrumentsModule,
    ImportsModule,
    ViabilityModule,
    EffluxModule,
    LcmsModule,
    CocultureModule,
    QpcrModule,
    WebModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
