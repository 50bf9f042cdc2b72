import * as http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Constructors for the HTTP server whose objects are born with the prototypes Express gives
 * them (`app.request` and `app.response`), instead of Node's plain IncomingMessage and
 * ServerResponse.
 *
 * Express's `app.handle` calls `Object.setPrototypeOf(req, app.request)` (and the same for
 * `res`) on every request. On Node 20's V8 that change of prototype keeps the request's objects
 * (body, logger, Nest context) alive through young-generation collections, so they are
 * promoted to the old generation, which fills it for mark-compact pauses under load
 * (docs/performance.md, "Express adapter"). When the object already has that prototype,
 * `setPrototypeOf` changes nothing and costs nothing, and Express behaves as before: its
 * `req`/`res` helpers come from the same objects.
 */
export function expressMessageTypes(app: Pick<Express, 'request' | 'response'>): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} {
  // Reflect.construct runs Node's constructors with these functions as new.target, so the
  // new objects' prototype is `Request.prototype`, i.e. Express's `app.request`.
  function Request(socket: unknown): http.IncomingMessage {
    return Reflect.construct(http.IncomingMessage, [socket], Request) as http.IncomingMessage;
  }
  Request.prototype = app.request;
  function Response(req: unknown, options?: unknown): http.ServerResponse {
    return Reflect.construct(http.ServerResponse, [req, options], Response) as http.ServerResponse;
  }
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof http.IncomingMessage,
    ServerResponse: Response as unknown as typeof http.ServerResponse,
  };
}

/**
 * Nest's Express adapter, with an HTTP server whose requests and responses have Express's
 * prototypes from the start (see {@link expressMessageTypes}). HTTPS and
 * `forceCloseConnections` keep Nest's own server.
 */
export class ThioLabExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    this.setHttpServer(http.createServer(expressMessageTypes(app), app));
  }
}
