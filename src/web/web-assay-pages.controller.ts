import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain.error';
import { assayPageHref, AssayViews } from '../runs/assay-views';
import { WebPages } from './web-page.decorator';
import { CSRF_FIELD, type WebRequest } from './web-request';
import { WebViews } from './web-views.service';

/**
 * The assays' own pages (a fit's review, …), rendered from the data their AssayViewProvider
 * returns; their forms go back to the provider's `act`, which calls the assay's services.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/assays')
export class WebAssayPagesController {
  constructor(
    private readonly assays: AssayViews,
    private readonly views: WebViews,
  ) {}

  @Get(':assay/:kind/:id')
  async assayPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('assay') assay: string,
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.render(req, res, assay, kind, id, 200, { notice: done ? String(done) : undefined });
  }

  @Post(':assay/:kind/:id/:action')
  async act(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('assay') assay: string,
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() form: Record<string, string | string[]>,
  ): Promise<void> {
    const provider = this.assays.provider(assay);
    if (!provider.act) throw new DomainError('NOT_FOUND', `the ${assay} pages take no action`);
    const { [CSRF_FIELD]: _csrf, ...fields } = form;
    void _csrf;
    try {
      const done = await provider.act(req.actor!, kind, id, action, fields);
      const sep = done.redirect.includes('?') ? '&' : '?';
      res.redirect(
        303,
        done.message
          ? `${done.redirect}${sep}done=${encodeURIComponent(done.message)}`
          : done.redirect,
      );
    } catch (e) {
      if (!(e instanceof DomainError) || e.code === 'NOT_FOUND') throw e;
      const status = e.code === 'VALIDATION_FAILED' ? 400 : e.code === 'FORBIDDEN_ROLE' ? 403 : 409;
      await this.render(req, res, assay, kind, id, status, {
        // The form comes back as it was posted, to be corrected rather than typed again.
        posted: { action, fields, errors: fieldErrors(e) },
        error: {
          detail: e.detail,
          problems: e.errors.map(
            (p) =>
              `${p.line !== undefined ? `line ${p.line}` : (p.field ?? p.well ?? '')}: ${p.message}`,
          ),
          code: e.code,
        },
      });
    }
  }

  private async render(
    req: WebRequest,
    res: Response,
    assay: string,
    kind: string,
    id: string,
    status: number,
    extra: {
      notice?: string;
      error?: { detail: string; problems: string[]; code: string };
      posted?: {
        action: string;
        fields: Record<string, string | string[]>;
        /** Each problem beside the input it names (the alert lists them all too). */
        errors?: Record<string, string[]>;
      };
    },
  ): Promise<void> {
    const provider = this.assays.provider(assay);
    if (!provider.page) throw new DomainError('NOT_FOUND', `the ${assay} assay has no pages`);
    const page = await provider.page(req.actor!, kind, id);
    this.views.send(
      res,
      status,
      req,
      'assay-page',
      { title: page.title },
      {
        page,
        formBase: assayPageHref(assay, kind, id),
        ...extra,
      },
    );
  }
}

/** A refusal's problems by the field they name (a DTO's or the service's field is the input's). */
function fieldErrors(e: DomainError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of e.errors) {
    // `aliquots.0.volume` → `aliquots`: the form's input is the top-level name.
    const name = p.field?.split(/[.[]/)[0];
    if (name) (out[name] ??= []).push(p.message);
  }
  return out;
}
