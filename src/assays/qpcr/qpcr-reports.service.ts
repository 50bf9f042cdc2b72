import { Injectable } from '@nestjs/common';
import type { ExpressionAnalysis } from '../../analysis/qpcr/expression-analysis';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import {
  qpcrSamplesCsv,
  renderQpcrFoldPlot,
  renderStandardCurvePlot,
} from '../../reports/qpcr-reports';
import { Run } from '../../runs/run.entity';
import { analysisResultForResponse, QpcrAnalysesService } from './qpcr-analyses.service';
import { QpcrReaction } from './qpcr-reaction.entity';

/** The CSV export and the SVG pictures of a stored qPCR analysis. */
@Injectable()
export class QpcrReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly analyses: QpcrAnalysesService,
  ) {}

  csv(id: string): Promise<string> {
    return this.uow.run(async (m) => {
      const a = await this.analyses.load(m, id);
      return qpcrSamplesCsv(analysisResultForResponse(a.result) as unknown as ExpressionAnalysis);
    });
  }

  foldPlot(id: string): Promise<string> {
    return this.uow.run(async (m) => {
      const a = await this.analyses.load(m, id);
      const run = await m.getRepository(Run).findOneBy({ id: a.runId });
      return renderQpcrFoldPlot(
        a.result as unknown as ExpressionAnalysis,
        `Transporter expression, ${run?.title ?? a.runId}`,
      );
    });
  }

  standardCurvePlot(id: string): Promise<string> {
    return this.uow.run(async (m) => {
      const a = await this.analyses.load(m, id);
      const standards = await m
        .getRepository(QpcrReaction)
        .findBy({ importId: a.importId, task: 'standard', omitted: false });
      return renderStandardCurvePlot(
        standards
          .filter((s) => s.quantity !== null)
          .map((s) => ({ gene: s.gene, quantity: s.quantity as number, cq: s.cq })),
        a.result as unknown as ExpressionAnalysis,
        'Standard curves',
      );
    });
  }
}
