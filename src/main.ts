import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ThioLabExpressAdapter } from './common/http/express-adapter';
import { configureApp } from './app.setup';
import type { EnvironmentVariables } from './config/env.validation';

async function bootstrap(): Promise<void> {
  // bodyParser off: configureApp installs parsers with the configured size limit.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule,
    new ThioLabExpressAdapter(),
    { bufferLogs: true, bodyParser: false },
  );
  configureApp(app);
  const port = app.get(ConfigService<EnvironmentVariables, true>).get('PORT', { infer: true });
  await app.listen(port);
  // PORT=0 takes a free port: say which one.
  const address = app.getHttpServer().address() as { port?: number } | string | null;
  const bound = typeof address === 'object' && address?.port ? address.port : port;
  process.stdout.write(
    `ThioLab listening on http://localhost:${bound} (API /api/v1, docs /docs, health /health)\n`,
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
