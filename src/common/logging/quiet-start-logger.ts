import type { LoggerService } from '@nestjs/common';

/**
 * Contexts whose `log` (info) lines are start-up chatter: Nest's module and route listing (about
 * 140 lines) and the protocol files loaded. They go to `debug`, so a start at the default
 * LOG_LEVEL prints the bootstrap banner (first start only) and the one "listening" line of
 * main.ts; `LOG_LEVEL=debug` shows them again. Warnings and errors of these contexts stay.
 */
export const START_UP_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'ProtocolFiles',
]);

/** Wraps the app's logger (nestjs-pino's) and moves start-up chatter from info to debug. */
export class QuietStartLogger implements LoggerService {
  constructor(
    private readonly inner: LoggerService & { debug(message: unknown, ...rest: unknown[]): void },
  ) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
      this.inner.debug(message, ...optionalParams);
    } else {
      this.inner.log(message, ...optionalParams);
    }
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.verbose?.(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...optionalParams);
  }
}
