import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { NotFoundError } from '../common/errors/domain.error';
import { RunTransitionsService } from '../runs/run-transitions.service';
import { pageDecision, signatureOf, type DecisionError } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebRunsService } from './web-runs.service';
import { WebViews } from './web-views.service';

const DONE: Record<string, string> = {
  created: 'The run is planned. Start it here when the work begins.',
  approved: 'The run is approved and locked. Your e-signature is recorded.',
  returned: 'The run was returned to its operator with your comments.',
  start: 'The run is started.',
  complete: 'The run is completed.',
  submit: 'The run is submitted for review.',
  reopen: 'The run is back in progress.',
  cancel: 'The run is cancelled.',
};

/** The run's steps a page offers without an e-signature (approve and return have their dialog). */
const STEPS = ['start', 'complete', 'submit', 'reopen', 'cancel'] as const;
type Step = (typeof STEPS)[number];
const isStep = (a: unknown): a is Step => STEPS.includes(a as Step);

/**
 * A run's page, its steps (start, complete, submit for review, reopen and cancel with a reason)
 * and its review: approve or return with the e-signature (password again, the meaning the action
 * fixes, a reason). Every one goes through RunTransitionsService, the API's own path and rules.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui/runs')
export class WebRunsController {
  constructor(
    private readonly pages: WebRunsService,
    private readonly transitions: RunTransitionsService,
    private readonly views: WebViews,
  ) {}

  @Get(':id')
  async runPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.render(req, res, id, 200, { notice: done ? DONE[done] : undefined });
  }

  @Post(':id/approve')
  @Roles('manager')
  decideApprove(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    return this.decide(req, res, id, 'approve', form);
  }

  @Post(':id/return')
  @Roles('manager')
  decideReturn(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    return this.decide(req, res, id, 'return', form);
  }

  /** A step of the run's lifecycle from its page: the form names the action (and a reason). */
  @Post(':id/step')
  step(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    const action = form.action;
    if (!isStep(action)) throw new NotFoundError('Run step', String(action));
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    return pageDecision(
      res,
      action,
      async () => {
        await this.transitions.transition(req.actor!, id, action, {
          reason: reason === '' ? undefined : reason,
        });
        return `/ui/runs/${id}?done=${action}`;
      },
      (status, error) => this.render(req, res, id, status, { error }),
    );
  }

  private decide(
    req: WebRequest,
    res: Response,
    id: string,
    action: 'approve' | 'return',
    form: Record<string, unknown>,
  ): Promise<void> {
    return pageDecision(
      res,
      action,
      async () => {
        const signature = await signatureOf(form);
        await this.transitions.transition(req.actor!, id, action, { signature });
        return `/ui/runs/${id}?done=${action === 'approve' ? 'approved' : 'returned'}`;
      },
      (status, error) => this.render(req, res, id, status, { error }),
    );
  }

  private async render(
    req: WebRequest,
    res: Response,
    id: string,
    status: number,
    extra: {
      notice?: string;
      error?: DecisionError;
    },
  ): Promise<void> {
    const view = await this.pages.page(req.actor!, id);
    this.views.send(res, status, req, 'run', { title: view.run.title }, { ...view, ...extra });
  }
}
