import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { toCsv } from '../../reports/csv';
import { renderXyPlot, type XyPoint } from '../../reports/xy-plot';
import type { ConcentrationDto, ListConcentrationsQueryDto } from './dto/lcms.dto';
import { LcmsBatchesService } from './lcms-batches.service';
import { LcmsCalibrationsService } from './lcms-calibrations.service';

interface RowJson {
  sample: string;
  nominalConcentration: number;
  response: number | null;
  pass: boolean;
  level?: string;
}

/** The LC-MS/MS pictures and exports: the calibration curve, the concentrations CSV. */
@Injectable()
export class LcmsReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly batches: LcmsBatchesService,
    private readonly calibrations: LcmsCalibrationsService,
  ) {}

  /**
   * Response against nominal concentration (log–log): calibrators (hollow when failed), QCs,
   * the weighted line and the band of ±(calibrator accuracy limit) in concentration around it.
   */
  calibrationSvg(batchId: string, analyte: string): Promise<string> {
    return this.uow.run(async (m) => {
      const batch = await this.batches.load(m, batchId);
      const c = await this.calibrations.current(m, batchId, analyte);
      const cal = c.result.calibration as {
        calibrators: RowJson[];
        qcs: RowJson[];
        lloq: number;
        uloq: number;
      } | null;
      const tol = Number((c.options as { tolerancePercent?: number }).tolerancePercent ?? 15) / 100;
      const line = (x: number) => (c.intercept ?? 0) + (c.slope ?? 0) * x;
      const xs: number[] = [];
      if (cal)
        for (let k = 0; k <= 60; k++)
          xs.push(cal.lloq * 0.8 * Math.pow((cal.uloq * 1.25) / (cal.lloq * 0.8), k / 60));
      const pts = (rows: RowJson[]): XyPoint[] =>
        rows
          .filter((r) => r.response !== null)
          .map((r) => ({
            x: r.nominalConcentration,
            y: r.response as number,
            hollow: !r.pass,
            label: r.sample,
          }));
      return renderXyPlot({
        title: `${analyte}: calibration, batch ${batch.name}`,
        subtitle: `${c.accepted ? 'accepted' : 'rejected'} (ICH M10); response = area/IS area; line ${c.slope?.toPrecision(6)}·x + ${c.intercept?.toPrecision(6)}`,
        xLabel: `Nominal concentration (${batch.concentrationUnit})`,
        yLabel: 'Response (area / IS area)',
        xLog: true,
        yLog: true,
        series: cal
          ? [
              {
                label: `±${Math.round(tol * 100)} % band`,
                kind: 'band',
                points: xs.map((x) => ({ x, y: line(x * (1 - tol)) })),
                upper: xs.map((x) => ({ x, y: line(x * (1 + tol)) })),
                color: '#1f77b4',
              },
              {
                label: 'weighted line',
                kind: 'line',
                points: xs.map((x) => ({ x, y: line(x) })),
                color: '#1f77b4',
              },
              {
                label: 'calibrators',
                kind: 'points',
                points: pts(cal.calibrators),
                marker: 'circle',
                color: '#222',
              },
              {
                label: 'QCs',
                kind: 'points',
                points: pts(cal.qcs),
                marker: 'square',
                color: '#d62728',
              },
            ]
          : [],
        notes: [
          ...c.failedRules.map((r) => `Failed: ${r.message}`),
          ...(c.exclusions.length
            ? [`Excluded: ${c.exclusions.map((e) => `${e.injection} (${e.reason})`).join('; ')}`]
            : []),
          'Hollow markers: outside the accuracy limit.',
        ],
      });
    });
  }

  async concentrationsCsv(q: ListConcentrationsQueryDto): Promise<string> {
    const page = await this.calibrations.listConcentrations({ ...q, limit: q.limit ?? 1000 });
    return toCsv<ConcentrationDto>(
      [
        { header: 'batch_id', value: (r) => r.batchId },
        { header: 'injection', value: (r) => r.injection },
        { header: 'sample_barcode', value: (r) => r.sampleBarcode },
        { header: 'analyte', value: (r) => r.analyte },
        { header: 'status', value: (r) => r.status },
        { header: 'concentration', value: (r) => r.concentration },
        { header: 'unit', value: (r) => r.unit },
        { header: 'response', value: (r) => r.response },
        { header: 'task', value: (r) => r.task },
        { header: 'calibration_id', value: (r) => r.calibrationId },
      ],
      page.items,
    );
  }
}
