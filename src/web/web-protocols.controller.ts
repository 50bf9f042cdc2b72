import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { disqualifyingContribution } from '../common/duties/separation-of-duties';
import { ReviewCommentsDto } from '../protocols/dto/protocol-review.dto';
import { ProtocolReviewsService } from '../protocols/protocol-reviews.service';
import { ProtocolsService } from '../protocols/protocols.service';
import { formAs, pageDecision, signatureOf, type DecisionError } from './web-forms';
import { WebPages } from './web-page.decorator';
import type { WebRequest } from './web-request';
import { hasRole, WebViews } from './web-views.service';

const DONE: Record<string, string> = {
  approved: 'The version is approved. Your e-signature is recorded.',
  submitted: 'The version is submitted for review.',
  rejected: 'The version was returned to its author as a draft, with your comments.',
};

/**
 * Protocols and the review of a version: the diff against the version before it, setting by
 * setting, the review comments, and approve (e-signature) or reject (comments) through
 * ProtocolReviewsService, the service of the API's routes. Drafts stay private to their author.
 */
@WebPages()
@Roles('scientist', 'manager')
@Controller('ui')
export class WebProtocolsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly protocols: ProtocolsService,
    private readonly reviews: ProtocolReviewsService,
    private readonly views: WebViews,
  ) {}

  @Get('protocols')
  async protocolList(@Req() req: WebRequest): Promise<string> {
    const list = await this.protocols.list(req.actor!);
    const details = await Promise.all(list.map((p) => this.protocols.get(req.actor!, p.id)));
    return this.views.page(
      req,
      'protocols',
      { title: 'Protocols', nav: 'protocols' },
      { protocols: details },
    );
  }

  @Get('protocol-versions/:id')
  async versionPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.render(req, res, id, 200, { notice: done ? DONE[done] : undefined });
  }

  @Post('protocol-versions/:id/approve')
  @Roles('manager')
  approve(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    return pageDecision(
      res,
      'approve',
      async () => {
        await this.reviews.approve(req.actor!, id, await signatureOf(form));
        return `/ui/protocol-versions/${id}?done=approved`;
      },
      (status, error) => this.render(req, res, id, status, { error }),
    );
  }

  @Post('protocol-versions/:id/reject')
  @Roles('manager')
  reject(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() form: Record<string, unknown>,
  ): Promise<void> {
    return pageDecision(
      res,
      'reject',
      async () => {
        const dto = await formAs(ReviewCommentsDto, form, ['comments']);
        await this.reviews.reject(req.actor!, id, dto.comments);
        return `/ui/protocol-versions/${id}?done=rejected`;
      },
      (status, error) => this.render(req, res, id, status, { error }),
    );
  }

  private async render(
    req: WebRequest,
    res: Response,
    id: string,
    status: number,
    extra: { notice?: string; error?: DecisionError },
  ): Promise<void> {
    const actor = req.actor!;
    const version = await this.protocols.getVersion(actor, id);
    const versions = await this.protocols.listVersions(actor, version.protocolId);
    // The diff against the version before it that the reader may see.
    const previous = versions.filter((v) => v.version < version.version).pop();
    const diff = previous
      ? await this.protocols.diff(actor, version.protocolId, previous.version, version.version)
      : null;
    const signatures = await this.reviews.listSignatures(actor, id);
    const mayDecide =
      version.status === 'in_review' && (await this.mayDecide(actor, id, version.authorId));
    this.views.send(
      res,
      status,
      req,
      'protocol-version',
      { title: `${version.title} v${version.version}`, nav: 'protocols' },
      {
        version,
        versions,
        previous,
        diff,
        signatures,
        mayDecide,
        ...extra,
      },
    );
  }

  /** A manager who neither wrote nor edited nor submitted the version (the service decides too). */
  private async mayDecide(actor: Actor, id: string, authorId: string | null): Promise<boolean> {
    if (!hasRole(actor, 'manager') || authorId === actor.userId) return false;
    const worked = await disqualifyingContribution(this.dataSource.manager, actor.userId, {
      entity: 'protocol_version',
      id,
    });
    return worked === null;
  }
}
