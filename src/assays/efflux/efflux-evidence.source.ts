import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain.error';
import type {
  MaterialEvidenceItem,
  MaterialEvidenceSource,
} from '../../materials/material-evidence';
import { Run } from '../../runs/run.entity';
import type { EffluxResultDto, RatioDto } from './dto/efflux.dto';
import { EffluxExperiment } from './efflux-experiment.entity';
import { EffluxService } from './efflux.service';

const ratio = (r: RatioDto | null) =>
  r ? { ratio: r.ratio, ci95: r.ci95, status: r.status } : null;

/**
 * Efflux-inhibitor verdicts of the experiments that compare the material (as the resistant
 * population or its parental line), computed from the current fits as GET
 * /efflux-experiments/:id computes them. The item's run is the run of the resistant +
 * inhibitor fit, the series the verdict turns on; every fit's run and whether it is approved
 * are in `result.fits`. An experiment whose fits are gone says why instead of a verdict.
 */
@Injectable()
export class EffluxEvidenceSource implements MaterialEvidenceSource {
  readonly section = 'efflux-reversal';
  readonly title = 'Efflux-inhibitor reversal (MTT ± inhibitor), verdict';

  constructor(private readonly efflux: EffluxService) {}

  async collect(m: EntityManager, materialId: string): Promise<MaterialEvidenceItem[]> {
    const experiments = await m.getRepository(EffluxExperiment).find({
      where: [{ resistantMaterialId: materialId }, { parentalMaterialId: materialId }],
      order: { createdAt: 'DESC' },
      take: 50,
    });
    if (experiments.length === 0) return [];
    const computed: [EffluxExperiment, EffluxResultDto | string][] = [];
    for (const e of experiments) {
      try {
        computed.push([e, await this.efflux.computeFor(m, e)]);
      } catch (err) {
        // A scientific gap (a fit refitted away, a plate re-read without it) is shown, not thrown.
        if (!(err instanceof DomainError)) throw err;
        computed.push([e, err.message]);
      }
    }
    const runIds = new Set<string>();
    for (const [, r] of computed) {
      if (typeof r === 'string') continue;
      for (const f of Object.values(r.fits)) if (f?.runId) runIds.add(f.runId);
    }
    const runs = new Map(
      (runIds.size ? await m.getRepository(Run).findBy({ id: In([...runIds]) }) : []).map((r) => [
        r.id,
        r,
      ]),
    );
    return computed.map(([e, r]) => {
      const experiment = {
        experimentId: e.id,
        name: e.name,
        inhibitor: e.inhibitorName,
        inhibitorConcentrationMolar: e.inhibitorConcentrationMolar,
        resistantMaterialId: e.resistantMaterialId,
        parentalMaterialId: e.parentalMaterialId,
      };
      if (typeof r === 'string') {
        return {
          runId: null,
          runTitle: null,
          runStatus: null,
          result: { ...experiment, verdict: null, reason: r },
          provenance: null,
        };
      }
      const run = runs.get(r.fits.resistantWithInhibitor.runId ?? '');
      const fits = Object.entries(r.fits).flatMap(([series, f]) =>
        f
          ? [
              {
                series,
                fitId: f.id,
                plateId: f.plateId,
                runId: f.runId,
                runStatus: f.runId ? (runs.get(f.runId)?.status ?? null) : null,
              },
            ]
          : [],
      );
      return {
        runId: run?.id ?? null,
        runTitle: run?.title ?? null,
        runStatus: run?.status ?? null,
        result: {
          ...experiment,
          inhibitor: r.inhibitor,
          verdict: r.verdict,
          decidedBy: r.decidedBy,
          reason: r.reason,
          valid: r.valid,
          reversalFoldResistant: ratio(r.reversalFoldResistant),
          foldResistance: ratio(r.foldResistance),
          foldResistanceWithInhibitor: ratio(r.foldResistanceWithInhibitor),
          percentRestoration: r.percentRestoration,
          flags: r.flags,
          warnings: r.warnings.map((w) => w.code),
          fits,
        },
        provenance: {
          method: String(r.provenance.method),
          methodVersion: String(r.provenance.methodVersion),
          inputHash: String(r.provenance.inputHash),
        },
      };
    });
  }
}
