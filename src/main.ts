import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ThioLabExpressAdapter } from './common/http/express-adapter';
import { configureApp } from './app.setup';
import type { EnvironmentVariables } from './config/env.validation';

/**
 * Under `npm start`, stop when npm goes away. npm passes SIGINT and SIGTERM on (the start script
 * execs node, so no shell sits in between), but an npm killed with SIGKILL cannot: node is then
 * adopted by another parent, and this notices within a second and shuts down as on SIGTERM.
 */
function stopWhenNpmExits(): void {
  if (process.env.npm_lifecycle_event !== 'start') return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, 1000);
  timer.unref();
}

async function bootstrap(): Promise<void> {
  // bodyParser off: configureApp installs parsers with the configured size limit.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule,
    new ThioLabExpressAdapter(),
    { bufferLogs: true, bodyParser: false },
  );
  // Also enables the shutdown hooks: SIGINT (Ctrl-C) and SIGTERM close the app and exit.
  configureApp(app);
  const port = app.get(ConfigService<EnvironmentVariables, true>).get('PORT', { infer: true });
  await app.listen(port);
  stopWhenNpmExits();
  // PORT=0 takes a free port: say which one. The one line a start prints at LOG_LEVEL=info
  // (with the bootstrap banner on a first start), once every route is mapped.
  const address = app.getHttpServer().address() as { port?: number } | string | null;
  const bound = typeof address === 'object' && address?.port ? address.port : port;
  process.stdout.write(
    `ThioLab listening on http://localhost:${bound} (pid ${process.pid}; API /api/v1, docs /docs, health /health; Ctrl-C stops)\n`,
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
