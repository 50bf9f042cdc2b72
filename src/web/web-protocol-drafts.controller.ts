import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { stringify } from 'yaml';
import { Roles } from '../common/auth/auth.decorators';
import type { DomainError } from '../common/errors/domain.error';
import { ProtocolReviewsService } from '../protocols/protocol-reviews.service';
import { ProtocolsService } from '../protocols/protocols.service';
import { pageForm, type FormProblems } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { WebViews } from './web-views.service';

/** What a new protocol's editor starts from: a small definition that passes validation. */
const SKELETON = `key: my-new-protocol
version: 1
title: My new protocol
description: What the protocol is for, in a sentence or two.
materials:
  - id: cell-lines
    kind: cell-line
    title: Cell lines
    multiple: true
steps:
  - id: prepare
    title: Prepare
    materials: [cell-lines]
    settings: [incubationHours]
readouts:
  - id: signal
    title: Signal
    kind: measured
settings:
  incubationHours:
    type: number
    unit: h
    default: 24
    min: 0
    description: Incubation time.
`;

/**
 * Protocol drafts from the UI, as the API's routes: a new protocol (POST /protocols), a new
 * version copied from the latest approved one (POST /protocols/:id/versions), the draft's
 * definition edited as YAML by its author (PUT /protocol-versions/:id/definition) and submitted
 * for review (POST /protocol-versions/:id/submit), each through the same service and rules.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui')
export class WebProtocolDraftsController {
  constructor(
    private readonly protocols: ProtocolsService,
    private readonly reviews: ProtocolReviewsService,
    private readonly views: WebViews,
  ) {}

  @Get('protocols/new')
  newProtocol(@Req() req: WebRequest, @Res() res: Response): void {
    this.renderNew(req, res, 200, SKELETON);
  }

  @Post('protocols')
  create(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    const text = definitionText(form);
    return pageForm(
      res,
      async () => {
        const protocol = await this.protocols.create(req.actor!, text);
        return `/ui/protocol-versions/${protocol.versions[0].id}/edit?done=created`;
      },
      async (status, error) => this.renderNew(req, res, status, text, definitionProblems(error)),
    );
  }

  /** A new draft version, a copy of the latest approved one, to edit. */
  @Post('protocols/:id/versions')
  newVersion(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return pageForm(
      res,
      async () => {
        const version = await this.protocols.createVersion(req.actor!, id, {});
        return `/ui/protocol-versions/${version.id}/edit?done=version`;
      },
      async (status, error) => {
        this.views.send(
          res,
          status,
          req,
          'error',
          { title: 'No new version', nav: 'protocols' },
          {
            status,
            code: error.code,
            title: 'No new version',
            detail: error.detail,
            problems: error.errors.map((p) => ({ where: p.field ?? '', message: p.message })),
          },
        );
      },
    );
  }

  @Get('protocol-versions/:id/edit')
  async editPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.renderEdit(req, res, id, 200);
  }

  @Post('protocol-versions/:id/definition')
  edit(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    const text = definitionText(form);
    return pageForm(
      res,
      async () => {
        await this.protocols.editDefinition(req.actor!, id, text);
        return `/ui/protocol-versions/${id}/edit?done=saved`;
      },
      (status, error) => this.renderEdit(req, res, id, status, text, definitionProblems(error)),
    );
  }

  @Post('protocol-versions/:id/submit')
  submit(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return pageForm(
      res,
      async () => {
        await this.reviews.submit(req.actor!, id);
        return `/ui/protocol-versions/${id}?done=submitted`;
      },
      (status, error) =>
        this.renderEdit(req, res, id, status, undefined, definitionProblems(error)),
    );
  }

  private renderNew(
    req: WebRequest,
    res: Response,
    status: number,
    text: string,
    problems?: FormProblems,
  ): void {
    this.views.send(
      res,
      status,
      req,
      'protocol-edit',
      { title: 'New protocol', nav: 'protocols' },
      { version: null, text, problems, action: '/ui/protocols' },
    );
  }

  private async renderEdit(
    req: WebRequest,
    res: Response,
    id: string,
    status: number,
    text?: string,
    problems?: FormProblems,
  ): Promise<void> {
    const version = await this.protocols.getVersion(req.actor!, id);
    const mine = version.authorId === req.actor!.userId && version.status === 'draft';
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    this.views.send(
      res,
      status,
      req,
      'protocol-edit',
      { title: `Edit ${version.title} v${version.version}`, nav: 'protocols' },
      {
        version,
        mine,
        notice: status === 200 ? done : undefined,
        text: text ?? stringify(version.definition, { lineWidth: 100 }),
        problems,
        action: `/ui/protocol-versions/${id}/definition`,
      },
    );
  }
}

const DONE: Record<string, string> = {
  created: 'The protocol is created with this draft, version 1.',
  version: 'A new draft version is created from the latest approved one.',
  saved: 'The draft is saved.',
};

/** The definition's text as posted (YAML; the API takes the same text). */
function definitionText(form: Record<string, unknown>): string {
  return typeof form.definition === 'string' ? form.definition : '';
}

/** A refusal's problems, all on the definition's editor, with their line and column. */
function definitionProblems(e: DomainError): FormProblems {
  const messages = e.errors.map((p) => {
    const at =
      p.line !== undefined ? `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ` : '';
    const path = p.field && p.field !== '(root)' && p.field !== 'status' ? `${p.field}: ` : '';
    return `${at}${path}${p.message}`;
  });
  return {
    detail: e.detail,
    code: e.code,
    fields: { definition: messages.length ? messages : [e.detail] },
    general: [],
  };
}
