import { INestApplication, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { urlencoded } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { QuietStartLogger } from './common/logging/quiet-start-logger';
import { locateJsonSyntaxErrors, refuseDeeplyNestedJson } from './common/http/json-body';
import { isPlateUploadBody } from './imports/plate-upload-body';
import {
  addCommonProblems,
  API_KEY_SCHEME,
  API_KEY_SECURITY_SCHEME,
} from './common/openapi/api-problems';
import { UnknownQueryInterceptor } from './common/http/unknown-query.interceptor';
import { validationExceptionFactory } from './common/errors/validation-exception.factory';
import { cacheValidationMetadata } from './common/validation/validation-metadata-cache';
import { FastPathValidationPipe } from './common/validation/fast-path-validation.pipe';
import { CreateBatchDto } from './assays/lcms/dto/lcms.dto';
import type { EnvironmentVariables } from './config/env.validation';

export const API_PREFIX = 'api/v1';

/**
 * Everything main.ts applies to the app, shared with the e2e tests so that they exercise the
 * same pipes, prefixes, headers and body limits as production.
 */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(ConfigService<EnvironmentVariables, true>);
  app.useLogger(new QuietStartLogger(app.get(Logger)));
  app.use(
    helmet({
      // Swagger UI needs inline scripts and styles on /docs.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  const limit = config.get('BODY_LIMIT', { infer: true });
  // The nesting limit is checked on the raw bytes, before anything recurses on the value.
  app.useBodyParser('json', { limit, verify: refuseDeeplyNestedJson });
  app.use(locateJsonSyntaxErrors);
  // Plate-reader exports arrive as bytes: the import reads their encoding (BOM, UTF-16, UTF-8,
  // Windows-1252) and hashes them as received, so no parser may decode them first.
  app.useBodyParser('raw', { limit, type: isPlateUploadBody });
  // YAML bodies (protocol definitions) arrive as text too.
  app.useBodyParser('text', { limit, type: ['text/*', 'application/yaml', 'application/x-yaml'] });
  // The web UI's forms (src/web) post urlencoded bodies; only its paths parse them.
  const forms = urlencoded({ extended: false, limit });
  app.use('/ui', forms);
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      // The web UI: / redirects to /ui, its pages live under /ui.
      { path: '', method: RequestMethod.GET },
      { path: 'ui', method: RequestMethod.ALL },
      { path: 'ui/{*path}', method: RequestMethod.ALL },
    ],
  });
  // class-validator's rule lookup walks every DTO class per validated object; remember it.
  cacheValidationMetadata();
  app.useGlobalPipes(
    new FastPathValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The factory reads the DTO class of an unknown field's target to list the accepted
      // fields; it never sends the target itself.
      validationError: { target: true },
      exceptionFactory: validationExceptionFactory,
      // The injection list of an LC-MS/MS batch: a valid list skips class-validator's
      // bookkeeping (docs/performance.md, "A large body checked without class-validator's
      // bookkeeping"); anything else is validated as before.
      fastPath: [CreateBatchDto],
    }),
  );
  // Routes that take no query DTO refuse unknown parameters too (the pipe checks the DTOs).
  app.useGlobalInterceptors(new UnknownQueryInterceptor(`/${API_PREFIX}/`));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ThioLab LIMS API')
      .setDescription(
        'Records and analyses the experiments behind poor response to azathioprine. ' +
          'Authenticate with `Authorization: Bearer <API key>`. Errors are RFC 9457 application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth({ ...API_KEY_SECURITY_SCHEME }, API_KEY_SCHEME)
      .build(),
  );
  addCommonProblems(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
