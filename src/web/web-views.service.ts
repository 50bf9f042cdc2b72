import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { Response } from 'express';
import type { Actor } from '../common/auth/roles';
import type { WebRequest } from './web-request';

/**
 * The folder of the templates, found from here upwards: `src/web/views` beside this file under
 * ts-node and Jest, and the repository's `src/web/views` when running the compiled `dist/`
 * (tsc does not copy templates).
 */
export function findUiFolder(name: 'views' | 'static'): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, name), join(dir, 'src', 'web', name)]) {
      if (existsSync(join(candidate, '.web-folder'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error(`the web UI's ${name} folder (src/web/${name}) was not found`);
}

/** What every page's layout shows. */
export interface PageFrame {
  title: string;
  /** Which entry of the navigation is current. */
  nav?: 'home' | 'materials' | 'protocols' | 'audit' | 'upload';
  actor?: Actor;
  csrfToken?: string;
}

/**
 * Server-side templates (Eta, escaped by default: `<%= %>`; `<%~ %>` only for HTML this code
 * made). A page is its template rendered inside `layout.eta`.
 */
@Injectable()
export class WebViews {
  private readonly eta = new Eta({ views: findUiFolder('views'), cache: true, autoEscape: true });

  page(req: WebRequest | null, template: string, frame: PageFrame, data: object = {}): string {
    const common = {
      ...frame,
      actor: frame.actor ?? req?.actor,
      csrfToken: frame.csrfToken ?? req?.webSession?.csrfToken,
      isManager: hasRole(frame.actor ?? req?.actor, 'manager'),
      // The API's GET /audit is for managers and admins.
      canAudit:
        hasRole(frame.actor ?? req?.actor, 'manager') ||
        hasRole(frame.actor ?? req?.actor, 'admin'),
    };
    const body = this.eta.render(template, { ...common, ...data });
    return this.eta.render('layout', { ...common, body });
  }

  /** Answers `status` with the page (see {@link page}) as HTML. */
  send(
    res: Response,
    status: number,
    req: WebRequest | null,
    template: string,
    frame: PageFrame,
    data: object = {},
  ): void {
    res
      .status(status)
      .type('html')
      .send(this.page(req, template, frame, data));
  }
}

/** The actor holds the role itself (an admin without the manager role decides nothing). */
export function hasRole(
  actor: Actor | undefined,
  role: 'manager' | 'scientist' | 'admin',
): boolean {
  return !!actor && actor.roles.includes(role);
}
