import { Injectable } from '@nestjs/common';
import { formatSignificant } from '../../analysis/common/significant-figures';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { NotFoundError } from '../../common/errors/domain.error';
import { toCsv } from '../../reports/csv';
import { renderXyPlot, type XySeries } from '../../reports/xy-plot';
import { CocultureCulture } from './coculture-culture.entity';
import type { MeasuredPoint } from './culture-kinetics';
import type {
  ComparisonQueryDto,
  KineticsResultDto,
  ListKineticsQueryDto,
} from './dto/kinetics.dto';
import { KineticsResult } from './kinetics-result.entity';
import { KineticsService } from './kinetics.service';

interface SfoJson {
  c0: number;
  rateConstantPerHour: number;
  rateConstantCiPerHour: [number, number] | null;
  halfLifeHours: number | null;
  halfLifeCiHours: [number, number | null] | null;
}

interface ParentJson {
  degradation?: { sfo: SfoJson; logLinear: { rateConstantPerHour: number | null } } | null;
  biotic?: { rateConstantPerHour: number; rateConstantCiPerHour: [number, number] | null } | null;
  unit?: string;
  excludedPoints?: { timeHours: number }[];
}

const fmt = (x: number | null | undefined, d = 4) =>
  x === null || x === undefined ? '—' : formatSignificant(x, d);

/** Co-culture pictures and exports: degradation per culture, metabolites, donor dot plot, CSV. */
@Injectable()
export class KineticsReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly kinetics: KineticsService,
  ) {}

  /** ln C against time for the culture's parent drug: points, SFO line and CI band, and its abiotic control. */
  degradationSvg(cultureId: string): Promise<string> {
    return this.uow.run(async (m) => {
      const culture = await m.getRepository(CocultureCulture).findOneBy({ id: cultureId });
      if (!culture) throw new NotFoundError('Culture', cultureId);
      const own = await m
        .getRepository(KineticsResult)
        .findOneBy({ cultureId, current: true, role: 'parent' });
      const controlId =
        culture.abioticControlId ??
        (
          await m
            .getRepository(CocultureCulture)
            .findOneBy({ runId: culture.runId, condition: 'abiotic' })
        )?.id;
      const control =
        controlId && controlId !== cultureId
          ? await m
              .getRepository(KineticsResult)
              .findOneBy({ cultureId: controlId, current: true, role: 'parent' })
          : null;
      const series: XySeries[] = [];
      const notes: string[] = [];
      const add = (r: KineticsResult | null, label: string, color: string) => {
        if (!r) return;
        const res = r.result as ParentJson & { points?: MeasuredPoint[] };
        const sfo = res.degradation?.sfo;
        const pts = ((r.result as { points?: MeasuredPoint[] }).points ?? []).filter(
          (p) => p.concentration !== null && (p.concentration as number) > 0,
        );
        series.push({
          label: `${label} (observed)`,
          kind: 'points',
          points: pts.map((p) => ({ x: p.timeHours, y: Math.log(p.concentration as number) })),
          color,
        });
        if (sfo) {
          const tMax = Math.max(1, ...pts.map((p) => p.timeHours));
          const ts = Array.from({ length: 41 }, (_, i) => (tMax * i) / 40);
          series.push({
            label: `${label} SFO k ${fmt(sfo.rateConstantPerHour)} /h`,
            kind: 'line',
            points: ts.map((t) => ({ x: t, y: Math.log(sfo.c0) - sfo.rateConstantPerHour * t })),
            color,
          });
          if (sfo.rateConstantCiPerHour) {
            const [lo, hi] = sfo.rateConstantCiPerHour;
            series.push({
              label: `${label} 95 % CI of k`,
              kind: 'band',
              points: ts.map((t) => ({ x: t, y: Math.log(sfo.c0) - hi * t })),
              upper: ts.map((t) => ({ x: t, y: Math.log(sfo.c0) - lo * t })),
              color,
            });
          }
          notes.push(
            `${label}: t½ ${fmt(sfo.halfLifeHours)} h (95 % CI ${fmt(sfo.halfLifeCiHours?.[0])}–${fmt(sfo.halfLifeCiHours?.[1] ?? null)}); log-linear k ${fmt(res.degradation?.logLinear.rateConstantPerHour)} /h; flags: ${r.flags.join(', ') || 'none'}`,
          );
        }
        if (res.biotic)
          notes.push(`Biotic rate ${fmt(res.biotic.rateConstantPerHour)} /h (culture − abiotic)`);
      };
      add(own, culture.name, '#d62728');
      add(control, 'abiotic control', '#1f77b4');
      return renderXyPlot({
        title: `${culture.drug ?? 'parent'} degradation: ${culture.name}`,
        subtitle: 'ln C against time; BLQ/ALQ points are not drawn (never numbers)',
        xLabel: 'Time (h)',
        yLabel: `ln C (${(own?.result as ParentJson | undefined)?.unit ?? 'µM'})`,
        series,
        notes,
      });
    });
  }

  /** Metabolite concentrations over time in one culture (means of replicates, with points). */
  metabolitesSvg(cultureId: string): Promise<string> {
    return this.uow.run(async (m) => {
      const culture = await m.getRepository(CocultureCulture).findOneBy({ id: cultureId });
      if (!culture) throw new NotFoundError('Culture', cultureId);
      const rows = await m.getRepository(KineticsResult).find({
        where: { cultureId, current: true, role: 'metabolite' },
        order: { analyte: 'ASC' },
      });
      const series: XySeries[] = [];
      const notes: string[] = [];
      for (const r of rows) {
        const f = (
          r.result as {
            formation?: {
              meansByTime: { timeHours: number; mean: number }[];
              cmax: number;
              tmaxHours: number;
              initialRatePerHour: number | null;
            } | null;
            massBalanceAtTmax?: { balancePercent: number | null } | null;
          }
        ).formation;
        const balance = (
          r.result as { massBalanceAtTmax?: { balancePercent: number | null } | null }
        ).massBalanceAtTmax;
        if (!f) continue;
        series.push({
          label: r.analyte,
          kind: 'line',
          points: f.meansByTime.map((p) => ({ x: p.timeHours, y: p.mean })),
        });
        notes.push(
          `${r.analyte}: Cmax ${fmt(f.cmax)} at ${fmt(f.tmaxHours)} h; initial rate ${fmt(f.initialRatePerHour)} /h; molar balance at Tmax ${fmt(balance?.balancePercent ?? null)} %`,
        );
      }
      return renderXyPlot({
        title: `Metabolites: ${culture.name}`,
        xLabel: 'Time (h)',
        yLabel: 'Mean concentration',
        series,
        notes,
      });
    });
  }

  /** One dot per donor's k, responders and non-responders, with each group's median. */
  async comparisonSvg(q: ComparisonQueryDto): Promise<string> {
    const c = await this.kinetics.comparison(q);
    const groups = ['responder', 'non-responder'];
    const series: XySeries[] = groups.map((g, i) => ({
      label: `${g}s (n = ${c.donors.filter((d) => d.responderStatus === g).length})`,
      kind: 'points',
      points: c.donors
        .filter((d) => d.responderStatus === g)
        .map((d, j, arr) => ({
          x: i + (j - (arr.length - 1) / 2) * 0.06,
          y: d.rateConstantPerHour,
          label: d.donorCode,
        })),
    }));
    for (const [i, s] of [c.responders, c.nonResponders].entries()) {
      if (s.medianRateConstantPerHour !== null)
        series.push({
          label: `median ${groups[i]}s`,
          kind: 'line',
          points: [
            { x: i - 0.25, y: s.medianRateConstantPerHour },
            { x: i + 0.25, y: s.medianRateConstantPerHour },
          ],
          color: '#333',
        });
    }
    const test = c.test as { W?: number; pValue?: number | null; pValueMethod?: string } | null;
    return renderXyPlot({
      title: `Degradation rate by donor group (${c.rate === 'sfo' ? 'SFO k' : 'biotic k'})`,
      subtitle:
        c.status === 'compared'
          ? `Mann–Whitney W = ${test?.W}, p = ${fmt(test?.pValue ?? null)} (${test?.pValueMethod})`
          : (c.reason ?? ''),
      xLabel: 'Donor group',
      yLabel: 'k (per hour)',
      xCategories: ['responders', 'non-responders'],
      series,
    });
  }

  async kineticsCsv(q: ListKineticsQueryDto): Promise<string> {
    const page = await this.kinetics.list({ ...q, limit: q.limit ?? 500 });
    const cultures = await this.uow.run((m) => m.getRepository(CocultureCulture).find());
    const byId = new Map(cultures.map((c) => [c.id, c]));
    const get = (r: KineticsResultDto, path: string[]): number | null => {
      let v: unknown = r.result;
      for (const p of path)
        v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
      return typeof v === 'number' ? v : null;
    };
    return toCsv<KineticsResultDto>(
      [
        { header: 'run_id', value: (r) => r.runId },
        { header: 'culture', value: (r) => byId.get(r.cultureId)?.name ?? r.cultureId },
        { header: 'condition', value: (r) => byId.get(r.cultureId)?.condition ?? null },
        { header: 'analyte', value: (r) => r.analyte },
        { header: 'role', value: (r) => r.role },
        { header: 'sfo_k_per_h', value: (r) => r.rateConstantPerHour },
        {
          header: 'sfo_k_se',
          value: (r) => get(r, ['degradation', 'sfo', 'rateConstantSePerHour']),
        },
        { header: 'sfo_half_life_h', value: (r) => r.halfLifeHours },
        { header: 'sfo_dt90_h', value: (r) => get(r, ['degradation', 'sfo', 'dt90Hours']) },
        {
          header: 'percent_remaining_last',
          value: (r) => get(r, ['degradation', 'sfo', 'percentRemainingAtLastTime']),
        },
        {
          header: 'loglinear_k_per_h',
          value: (r) => get(r, ['degradation', 'logLinear', 'rateConstantPerHour']),
        },
        { header: 'biotic_k_per_h', value: (r) => get(r, ['biotic', 'rateConstantPerHour']) },
        { header: 'cmax', value: (r) => get(r, ['formation', 'cmax']) },
        { header: 'tmax_h', value: (r) => get(r, ['formation', 'tmaxHours']) },
        { header: 'initial_rate_per_h', value: (r) => get(r, ['formation', 'initialRatePerHour']) },
        {
          header: 'molar_balance_pct',
          value: (r) => get(r, ['massBalanceAtTmax', 'balancePercent']),
        },
        { header: 'flags', value: (r) => r.flags.join(';') },
        { header: 'method', value: (r) => `${r.method} ${r.methodVersion}` },
        { header: 'input_hash', value: (r) => r.inputHash },
      ],
      page.items,
    );
  }
}
