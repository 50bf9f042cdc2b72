import { Controller, Get, Header, Redirect, Req } from '@nestjs/common';
import { Roles } from '../common/auth/auth.decorators';
import { WebHomeService } from './web-home.service';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebViews } from './web-views.service';

/** The home page: my runs; for managers, what awaits their review; recent imports. */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui')
export class WebHomeController {
  constructor(
    private readonly home: WebHomeService,
    private readonly views: WebViews,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async homePage(@Req() req: WebRequest): Promise<string> {
    const view = await this.home.home(req.actor!);
    return this.views.page(req, 'home', { title: 'Home', nav: 'home' }, view);
  }
}

/** `/` opens the UI (the API lives under /api/v1, its documentation at /docs). */
@WebPages({ signedIn: false })
@Controller()
export class WebRootController {
  @Get()
  @Redirect('/ui', 302)
  root(): void {}
}
