import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WebPages } from './web-page.decorator';
import { findUiFolder } from './web-views.service';

/** The few static files of the UI, named here: nothing else is served from disk. */
const FILES: Record<string, { type: string; path: () => string }> = {
  'app.css': { type: 'text/css', path: () => join(findUiFolder('static'), 'app.css') },
  'upload-progress.js': {
    type: 'text/javascript',
    path: () => join(findUiFolder('static'), 'upload-progress.js'),
  },
  'htmx.min.js': {
    type: 'text/javascript',
    path: () => require.resolve('htmx.org/dist/htmx.min.js'),
  },
};

@WebPages({ signedIn: false })
@Controller('ui/static')
export class WebStaticController {
  private readonly cache = new Map<string, Buffer>();

  @Get(':name')
  @Header('Cache-Control', 'public, max-age=3600')
  file(@Param('name') name: string, @Res() res: Response): void {
    const file = Object.prototype.hasOwnProperty.call(FILES, name) ? FILES[name] : undefined;
    if (!file) throw new NotFoundException(`no static file ${name}`);
    let body = this.cache.get(name);
    if (!body) {
      body = readFileSync(file.path());
      this.cache.set(name, body);
    }
    res.type(file.type).send(body);
  }
}
