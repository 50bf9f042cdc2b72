import { Injectable } from '@nestjs/common';
import { formatSignificant } from '../../analysis/common/significant-figures';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain.error';
import { Plate } from '../../plates/plate.entity';
import { type PlotSeries, renderDoseResponsePlot } from '../../reports/dose-response-plot';
import { type FitCsvRow, fitsToCsv } from '../../reports/fits-csv';
import { fitFlagSeverity } from '../../analysis/dose-response';
import type { DoseResponseFitRecord } from './dose-response-fit.entity';
import type { FoldResistancePlotQueryDto } from './dto/fold-resistance.dto';
import type { ListFitsQueryDto } from './dto/fit.dto';
import { selectFit } from './fit-selection';
import { FitsService } from './fits.service';
import { FoldResistanceService } from './fold-resistance.service';

const fmt = (v: number | null) => (v === null ? 'n/a' : formatSignificant(v));

/** A stored fit as a plot series: its points, curve, IC50 with CI (or bound) and flags. */
export function fitSeries(f: DoseResponseFitRecord, label: string, dashed = false): PlotSeries {
  const curve =
    f.b !== null && f.c !== null && f.d !== null && f.e !== null
      ? { b: f.b, c: f.c, d: f.d, e: f.e, f: f.f ?? 1 }
      : null;
  return {
    label,
    points: f.points.map((p) => ({ concentration: p.x, response: p.y, well: p.well })),
    curve,
    ic50: {
      value: f.ic50,
      ci95:
        f.ic50Ci95Low !== null && f.ic50Ci95High !== null ? [f.ic50Ci95Low, f.ic50Ci95High] : null,
      bound:
        f.ic50BoundRelation !== null && f.ic50BoundConcentration !== null
          ? { relation: f.ic50BoundRelation, concentration: f.ic50BoundConcentration }
          : null,
      display: f.ic50Display,
    },
    flags: f.flags,
    flagSeverities: Object.fromEntries(f.flags.map((flag) => [flag, fitFlagSeverity(flag)])),
    dashed,
  };
}

export function seriesLabel(f: DoseResponseFitRecord): string {
  const name = f.materialName ?? f.materialId ?? 'unnamed material';
  return f.inhibitorLabel ? `${name} + ${f.inhibitorLabel}` : name;
}

/** SVG plots and the CSV export of fits (rendering is pure, in src/reports/). */
@Injectable()
export class ViabilityPlotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fits: FitsService,
    private readonly foldResistance: FoldResistanceService,
  ) {}

  async fitPlot(id: string): Promise<string> {
    const f = await this.fits.getRecord(id);
    const plate = await this.dataSource.manager.findOne(Plate, {
      where: { id: f.plateId },
      select: { id: true, barcode: true, name: true },
    });
    return renderDoseResponsePlot({
      title: `${seriesLabel(f)}: ${f.model} dose-response`,
      subtitle:
        `plate ${plate?.barcode ?? plate?.name ?? f.plateId} · n = ${f.n} · R² ${fmt(f.rSquared)} · ` +
        `fit ${f.status}${f.status === 'superseded' ? ` by ${f.supersededById ?? 'a refit'}` : ''}`,
      concentrationUnit: f.concentrationUnit,
      series: [fitSeries(f, seriesLabel(f))],
      notes: [
        `${f.ic50BoundRelation !== null ? 'IC50 (a bound: the curve does not cross 50 % within the tested range)' : 'Relative IC50'} ${f.ic50Display}` +
          (f.ic50Absolute !== null
            ? `; absolute IC50 (50 %) ${fmt(f.ic50Absolute)} ${f.concentrationUnit}`
            : '') +
          (f.ic50 === null && f.lnIc50 !== null && f.fitStatus === 'fitted'
            ? `; half-maximal concentration ${fmt(Math.exp(f.lnIc50))} ${f.concentrationUnit} (not the IC50)`
            : ''),
        `${f.method} ${f.methodVersion} · input sha256 ${f.inputHash.slice(0, 12)}…`,
      ],
    });
  }

  /** Parental and resistant curves with FR; with `inhibitor`, also both lines + inhibitor. */
  async foldResistancePlot(q: FoldResistancePlotQueryDto): Promise<string> {
    const m = this.dataSource.manager;
    const { dto, pair } = await this.foldResistance.computeWith(m, q);
    const series: PlotSeries[] = [
      fitSeries(pair.parental.fit, `${pair.parental.material.name} (parental)`),
      fitSeries(pair.resistant.fit, `${pair.resistant.material.name} (resistant)`),
    ];
    const notes = [`Fold-resistance ${dto.display}: ${dto.definition}`];
    if (q.inhibitor) {
      for (const [side, role] of [
        [pair.parental, 'parental'],
        [pair.resistant, 'resistant'],
      ] as const) {
        const fit = await inhibitorFit(m, side.material.id, q.inhibitor, side.fit.plateId, role);
        if (fit) series.push(fitSeries(fit, `${side.material.name} + ${fit.inhibitorLabel}`, true));
        else notes.push(`${side.material.name}: no current fit with ${q.inhibitor}`);
      }
    }
    for (const w of dto.warnings) notes.push(`Warning (${w.code}): ${w.message}`);
    return renderDoseResponsePlot({
      title: `Fold-resistance: ${pair.resistant.material.name} vs ${pair.parental.material.name}`,
      subtitle: `FR ${dto.display}`,
      concentrationUnit: pair.resistant.fit.concentrationUnit,
      series,
      notes,
    });
  }

  async exportCsv(q: Partial<ListFitsQueryDto>): Promise<string> {
    const rows = await this.fits.listForExport(q);
    return fitsToCsv(rows.map(toCsvRow));
  }
}

/** The material's current fit with the inhibitor: on `plateId` if any, else anywhere; or null. */
async function inhibitorFit(
  m: EntityManager,
  materialId: string,
  inhibitor: string,
  plateId: string,
  role: string,
): Promise<DoseResponseFitRecord | null> {
  for (const plateIds of [[plateId], undefined]) {
    try {
      return (await selectFit(m, { materialId, inhibitor: { name: inhibitor }, plateIds, role }))
        .fit;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'NO_FIT_AVAILABLE')) throw e;
    }
  }
  return null;
}

function toCsvRow(f: DoseResponseFitRecord): FitCsvRow {
  return {
    ...f,
    inhibitor: f.inhibitorLabel,
    ic50Bound:
      f.ic50BoundRelation !== null ? `${f.ic50BoundRelation} ${f.ic50BoundConcentration}` : null,
    halfMaximalConcentration:
      f.lnIc50 !== null && f.fitStatus === 'fitted' ? Math.exp(f.lnIc50) : null,
    ic50CiReliable: f.ic50Ci95Low === null ? null : !f.flags.includes('bottom-extrapolated'),
    flagSeverities: f.flags.map((flag) => `${flag}:${fitFlagSeverity(flag)}`),
    createdAt: f.createdAt instanceof Date ? f.createdAt.toISOString() : String(f.createdAt),
  };
}
