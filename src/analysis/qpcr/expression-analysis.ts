// The expression analysis of one qPCR run: efficiencies, technical replicates and QC flags,
// reference-gene stability, per-sample relative quantities and group fold changes with CI.
import { AnalysisError } from '../common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../common/provenance';
import { mean } from '../stats/descriptive';
import {
  compareGroupsOnLog2Expression,
  summarizeBiologicalReplicates,
} from './biological-replicates';
import type { CqValue } from './cq-value';
import { deltaCq } from './delta-cq';
import { genormStability, type GenormResult } from './genorm';
import { livakRelativeExpression } from './livak';
import { summarizeQpcrRun, type NtcCheck, type SampleTargetSummary } from './replicate-summary';
import { efficiencyFromStandardCurve, type StandardCurveResult } from './standard-curve-efficiency';

/** One reaction as the analysis reads it (omitted wells are left out by the caller). */
export interface ExpressionReaction {
  /** Plate and well, unique within the run: `Plate 1/A1`. */
  well: string;
  /** Biological sample (unknowns); null for standards and no-template controls. */
  sample: string | null;
  gene: string;
  task: 'unknown' | 'standard' | 'ntc';
  cq: CqValue;
  /** Template quantity of a standard; null otherwise. */
  quantity: number | null;
}

export interface ExpressionSample {
  name: string;
  group: string;
  materialId: string | null;
}

export type EfficiencySourceOption = 'standard-curve' | 'stated' | 'assumed-100-percent';

export interface ExpressionOptions {
  referenceGenes: string[];
  targetGenes: string[];
  calibratorGroup: string;
  quantificationMethod: 'auto' | 'livak' | 'pfaffl-multi-reference';
  efficiencySource: EfficiencySourceOption;
  /** Stated efficiencies in per cent per gene (MIQE record), used by `stated` and as fallback. */
  statedEfficiencyPercent: Record<string, number>;
  replicateSdMax: number;
  lateCq: number;
  ntcContaminationCq: number;
  efficiencyMinPercent: number;
  efficiencyMaxPercent: number;
  standardCurveRSquaredMin: number;
  referenceStabilityMaxM: number;
  confidenceLevel: number;
}

export interface GeneEfficiency {
  gene: string;
  /** Where E comes from: the run's standard curve, the stated value, or assumed 100 %. */
  source: 'standard-curve' | 'stated' | 'assumed-100-percent';
  amplificationFactor: number;
  efficiencyPercent: number;
  accepted: boolean;
  standardCurve: Omit<StandardCurveResult, 'excludedIndices'> | null;
  flags: string[];
}

export interface SampleGeneResult {
  sample: string;
  group: string;
  materialId: string | null;
  gene: string;
  role: 'reference' | 'target';
  nWells: number;
  nDetermined: number;
  meanCq: number | null;
  sdCq: number | null;
  /** ΔCq = mean Cq(target) − mean of the reference genes' mean Cq, in cycles (targets). */
  deltaCq: number | null;
  sdDeltaCq: number | null;
  /** ΔΔCq = ΔCq − mean ΔCq of the calibrator group, in cycles (targets). */
  deltaDeltaCq: number | null;
  /** Efficiency-corrected log2 expression against the calibrator group mean (targets). */
  log2Fold: number | null;
  fold: number | null;
  /** Livak: 2^−(ΔΔCq ± SD ΔCq); Pfaffl: null (the CI is the group's). */
  foldLower: number | null;
  foldUpper: number | null;
  flags: string[];
}

export interface GroupGeneResult {
  gene: string;
  group: string;
  calibratorGroup: string;
  materialId: string | null;
  calibratorMaterialId: string | null;
  nSamples: number;
  nCalibratorSamples: number;
  /** Group fold change against the calibrator group (2^difference of mean log2 expression). */
  foldChange: number | null;
  log2Fold: number | null;
  /** SD of the group's per-sample log2 folds (biological replicates). */
  sdLog2Fold: number | null;
  /** Welch CI of the fold (both groups' spread), or the replicate t CI when the calibrator has one sample. */
  ciLower: number | null;
  ciUpper: number | null;
  /** Welch t-test on the per-sample log2 expression (= −ΔCq for Livak). */
  t: number | null;
  df: number | null;
  pValue: number | null;
  flags: string[];
}

export interface ExpressionAnalysis extends Provenance {
  quantificationMethod: 'livak' | 'pfaffl-multi-reference';
  efficiencies: GeneEfficiency[];
  ntc: NtcCheck[];
  referenceStability: Pick<GenormResult, 'status' | 'genes' | 'ranking' | 'unstableGenes'> | null;
  samples: SampleGeneResult[];
  groups: GroupGeneResult[];
  excludedUndeterminedWells: string[];
  flags: string[];
}

const pushUnique = (xs: string[], x: string) => {
  if (!xs.includes(x)) xs.push(x);
};

function efficiencyOf(
  gene: string,
  reactions: readonly ExpressionReaction[],
  o: ExpressionOptions,
): GeneEfficiency {
  const range: [number, number] = [o.efficiencyMinPercent, o.efficiencyMaxPercent];
  const inRange = (p: number) => p >= range[0] && p <= range[1];
  const stated = o.statedEfficiencyPercent[gene];
  const fromStated = (flags: string[]): GeneEfficiency => ({
    gene,
    source: 'stated',
    amplificationFactor: 1 + stated / 100,
    efficiencyPercent: stated,
    accepted: inRange(stated),
    standardCurve: null,
    flags: inRange(stated) ? flags : [...flags, 'efficiency-out-of-range'],
  });
  const assumed = (flags: string[]): GeneEfficiency => ({
    gene,
    source: 'assumed-100-percent',
    amplificationFactor: 2,
    efficiencyPercent: 100,
    accepted: true,
    standardCurve: null,
    flags,
  });
  if (o.efficiencySource === 'assumed-100-percent') return assumed([]);
  if (o.efficiencySource === 'stated') {
    return stated !== undefined ? fromStated([]) : assumed(['efficiency-not-stated']);
  }
  const standards = reactions.filter(
    (r) => r.task === 'standard' && r.gene === gene && r.quantity !== null && r.quantity > 0,
  );
  const fallback = (flag: string, curve: StandardCurveResult | null): GeneEfficiency => {
    const e = stated !== undefined ? fromStated([flag]) : assumed([flag]);
    if (curve) e.standardCurve = stripIndices(curve);
    return e;
  };
  if (standards.length === 0) return fallback('no-standard-curve', null);
  const curve = efficiencyFromStandardCurve(
    { quantity: standards.map((s) => s.quantity as number), cq: standards.map((s) => s.cq) },
    { efficiencyRangePercent: range, minRSquared: o.standardCurveRSquaredMin },
  );
  if (curve.amplificationFactor === null || curve.efficiencyPercent === null) {
    return fallback('standard-curve-unusable', curve);
  }
  const flags: string[] = [];
  for (const f of curve.flags) {
    if (f === 'efficiency-out-of-range' || f === 'low-r-squared') flags.push(f);
  }
  return {
    gene,
    source: 'standard-curve',
    amplificationFactor: curve.amplificationFactor,
    efficiencyPercent: curve.efficiencyPercent,
    accepted: curve.accepted,
    standardCurve: stripIndices(curve),
    flags,
  };
}

function stripIndices(curve: StandardCurveResult): Omit<StandardCurveResult, 'excludedIndices'> {
  const { excludedIndices: _ignored, ...rest } = curve;
  return rest;
}

function checkOptions(o: ExpressionOptions): void {
  if (o.referenceGenes.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'at least one reference gene is needed',
      'referenceGenes',
    );
  }
  const overlap = o.referenceGenes.filter((g) => o.targetGenes.includes(g));
  if (overlap.length > 0) {
    throw new AnalysisError(
      'BAD_OPTION',
      `${overlap.join(', ')} cannot be both reference and target`,
      'targetGenes',
    );
  }
}

/**
 * The expression analysis of a qPCR run (SCIENCE.md §3):
 * - efficiency per gene from its standard-curve wells (Cq on log10 quantity, E = 10^(−1/s),
 *   accepted 90–110 % and R² ≥ 0.98), or the stated value, or 100 %, with its source;
 * - technical replicates per sample × gene (mean, SD; flags: SD above `replicateSdMax`, mean
 *   above `lateCq`, undetermined wells excluded, never given a number) and the no-template
 *   control check (an NTC below `ntcContaminationCq` blocks every result of its gene);
 * - quantification: Livak (E = 2 for every gene) when asked, or under `auto` when every gene's
 *   efficiency is accepted; otherwise Pfaffl/qBase with the geometric mean of the references:
 *   per sample log2 NRQ = −Cq_t·log2 E_t + mean_j Cq_rj·log2 E_rj (Hellemans 2007);
 * - reference stability: geNorm M per reference gene (≥ 2), flagged above the limit;
 * - per sample and target: ΔCq, ΔΔCq against the calibrator group's mean ΔCq, fold
 *   2^(log2 NRQ − mean calibrator log2 NRQ); with Livak the range 2^−(ΔΔCq ± SD ΔCq);
 * - per group and target: biological replicates on the log scale and a Welch t-test against
 *   the calibrator group on the per-sample log2 expression (−ΔCq for Livak), fold and CI.
 * A target undetermined in a sample whose references amplified is flagged, with no fold.
 * Units: Cq in cycles; folds dimensionless. References: Livak & Schmittgen 2001; Pfaffl 2001;
 * Vandesompele 2002; Hellemans 2007; Bustin et al. 2009 (MIQE).
 * @throws AnalysisError for malformed input (no reference gene, a gene in both roles, bad Cq).
 */
export function analyseExpression(
  reactions: readonly ExpressionReaction[],
  samples: readonly ExpressionSample[],
  o: ExpressionOptions,
): ExpressionAnalysis {
  checkOptions(o);
  const genes = [...o.referenceGenes, ...o.targetGenes];
  const present = new Set(reactions.map((r) => r.gene));
  const runFlags: string[] = [];
  // The parts below keep no provenance of their own (only their numbers enter the result, whose
  // hash covers the reactions): their inputs are not hashed. The standard curves keep theirs.
  const summary = withoutInputHashes(() =>
    summarizeQpcrRun(
      reactions.map((r) => ({
        well: r.well,
        sample: r.sample ?? r.task,
        target: r.gene,
        cq: r.cq,
        task: r.task,
      })),
      {
        maxReplicateSdCq: o.replicateSdMax,
        lateCq: o.lateCq,
        ntcContaminationCq: o.ntcContaminationCq,
      },
    ),
  );
  const contaminated = new Set(summary.contaminatedTargets);
  for (const g of contaminated) pushUnique(runFlags, `ntc-contamination:${g}`);

  const efficiencies = genes
    .filter((g) => present.has(g))
    .map((g) => efficiencyOf(g, reactions, o));
  const effByGene = new Map(efficiencies.map((e) => [e.gene, e]));
  for (const e of efficiencies) {
    if (!e.accepted) pushUnique(runFlags, `efficiency-out-of-range:${e.gene}`);
  }
  const allAccepted = efficiencies.every((e) => e.accepted);
  const method: 'livak' | 'pfaffl-multi-reference' =
    o.quantificationMethod === 'auto'
      ? allAccepted
        ? 'livak'
        : 'pfaffl-multi-reference'
      : o.quantificationMethod;
  if (method === 'livak' && !allAccepted) pushUnique(runFlags, 'livak-efficiency-not-near-100');
  const log2E = (gene: string) =>
    method === 'livak' ? 1 : Math.log2(effByGene.get(gene)?.amplificationFactor ?? 2);

  const bySampleGene = new Map<string, SampleTargetSummary>();
  for (const s of summary.samples) bySampleGene.set(`${s.sample}\u0000${s.target}`, s);
  // The unknowns' Cq values by sample and gene, in reaction order.
  const unknownCqs = new Map<string, CqValue[]>();
  for (const r of reactions) {
    if (r.task !== 'unknown') continue;
    const key = `${r.sample}\u0000${r.gene}`;
    const cqs = unknownCqs.get(key);
    if (cqs) cqs.push(r.cq);
    else unknownCqs.set(key, [r.cq]);
  }
  const cqsOf = (sample: string, gene: string): CqValue[] => [
    ...(unknownCqs.get(`${sample}\u0000${gene}`) ?? []),
  ];

  const refsPresent = o.referenceGenes.filter((g) => present.has(g));
  const missingRefs = o.referenceGenes.filter((g) => !present.has(g));
  for (const g of missingRefs) pushUnique(runFlags, `reference-not-measured:${g}`);

  // Reference stability over the samples' mean Cq.
  let referenceStability: ExpressionAnalysis['referenceStability'] = null;
  if (refsPresent.length >= 2 && samples.length >= 2) {
    const g = withoutInputHashes(() =>
      genormStability(
        refsPresent.map((gene) => ({
          name: gene,
          amplificationFactor: method === 'livak' ? 2 : effByGene.get(gene)?.amplificationFactor,
          cq: samples.map((s) => {
            const m = bySampleGene.get(`${s.name}\u0000${gene}`)?.meanCq ?? null;
            return m === null ? ('undetermined' as const) : m;
          }),
        })),
        { maxStableM: o.referenceStabilityMaxM },
      ),
    );
    referenceStability = {
      status: g.status,
      genes: g.genes,
      ranking: g.ranking,
      unstableGenes: g.unstableGenes,
    };
    for (const u of g.unstableGenes) pushUnique(runFlags, `reference-unstable:${u}`);
  }

  const contaminatedRefs = refsPresent.filter((g) => contaminated.has(g));
  const results: SampleGeneResult[] = [];
  // Per-sample log2 expression of each target (null when not computable).
  const expression = new Map<string, number | null>();
  const deltas = new Map<string, { deltaCq: number; sdDeltaCq: number | null }>();
  for (const s of samples) {
    const refMeans = refsPresent.map(
      (g) => bySampleGene.get(`${s.name}\u0000${g}`)?.meanCq ?? null,
    );
    const refsOk = refsPresent.length > 0 && refMeans.every((m) => m !== null);
    for (const gene of genes) {
      if (!present.has(gene)) continue;
      const rs = bySampleGene.get(`${s.name}\u0000${gene}`);
      if (!rs) continue;
      const role = o.referenceGenes.includes(gene) ? 'reference' : 'target';
      const flags: string[] = [...rs.flags];
      const row: SampleGeneResult = {
        sample: s.name,
        group: s.group,
        materialId: s.materialId,
        gene,
        role,
        nWells: rs.nWells,
        nDetermined: rs.nDetermined,
        meanCq: rs.meanCq,
        sdCq: rs.sdCq,
        deltaCq: null,
        sdDeltaCq: null,
        deltaDeltaCq: null,
        log2Fold: null,
        fold: null,
        foldLower: null,
        foldUpper: null,
        flags,
      };
      results.push(row);
      if (role === 'reference') continue;
      const key = `${s.name}\u0000${gene}`;
      expression.set(key, null);
      if (!refsOk) {
        flags.push('reference-undetermined');
        continue;
      }
      if (rs.meanCq === null) {
        flags.push('target-undetermined');
        continue;
      }
      for (const g of refsPresent) {
        for (const f of bySampleGene.get(`${s.name}\u0000${g}`)?.flags ?? []) {
          if (f === 'high-replicate-sd' || f === 'late-cq') pushUnique(flags, `reference-${f}`);
        }
      }
      if (contaminated.has(gene)) continue; // blocked: flag 'ntc-contamination' is on the row
      if (contaminatedRefs.length > 0) {
        flags.push('reference-ntc-contamination');
        continue;
      }
      const target = cqsOf(s.name, gene);
      const references = refsPresent.map((g) => cqsOf(s.name, g));
      const d = withoutInputHashes(() => deltaCq({ target, references, design: 'separate-tubes' }));
      row.deltaCq = d.deltaCq;
      row.sdDeltaCq = d.sdDeltaCq;
      if (d.deltaCq !== null) deltas.set(key, { deltaCq: d.deltaCq, sdDeltaCq: d.sdDeltaCq });
      let refTerm = 0;
      refsPresent.forEach(
        (g, j) => (refTerm += ((refMeans[j] as number) * log2E(g)) / refsPresent.length),
      );
      expression.set(key, -rs.meanCq * log2E(gene) + refTerm);
    }
  }

  // Calibrator references per target: mean ΔCq and mean log2 expression of the calibrator group.
  const calSamples = samples.filter((s) => s.group === o.calibratorGroup);
  if (calSamples.length === 0) pushUnique(runFlags, 'no-calibrator-samples');
  const groupNames = [...new Set(samples.map((s) => s.group))].filter(
    (g) => g !== o.calibratorGroup,
  );
  const groups: GroupGeneResult[] = [];
  const materialOf = (list: readonly ExpressionSample[]) => {
    const ids = [...new Set(list.map((s) => s.materialId))];
    return ids.length === 1 ? ids[0] : null;
  };
  for (const gene of o.targetGenes.filter((g) => present.has(g))) {
    const calValues = calSamples
      .map((s) => expression.get(`${s.name}\u0000${gene}`))
      .filter((v): v is number => typeof v === 'number');
    const calDeltas = calSamples
      .map((s) => deltas.get(`${s.name}\u0000${gene}`)?.deltaCq)
      .filter((v): v is number => typeof v === 'number');
    const calMean = calValues.length > 0 ? mean(calValues) : null;
    const calDelta = calDeltas.length > 0 ? mean(calDeltas) : null;
    for (const row of results) {
      if (row.gene !== gene || row.role !== 'target') continue;
      const value = expression.get(`${row.sample}\u0000${gene}`);
      if (typeof value !== 'number' || calMean === null) continue;
      row.log2Fold = 0 + (value - calMean);
      row.fold = Math.pow(2, row.log2Fold);
      if (row.deltaCq !== null && calDelta !== null)
        row.deltaDeltaCq = 0 + (row.deltaCq - calDelta);
      if (method === 'livak' && row.deltaCq !== null && calDelta !== null) {
        const sample = { deltaCq: row.deltaCq, sdDeltaCq: row.sdDeltaCq };
        const calibrator = { deltaCq: calDelta, sdDeltaCq: null };
        const l = withoutInputHashes(() => livakRelativeExpression({ sample, calibrator }));
        row.foldLower = l.foldLower;
        row.foldUpper = l.foldUpper;
      }
    }
    for (const group of groupNames) {
      const members = samples.filter((s) => s.group === group);
      const values = members
        .map((s) => expression.get(`${s.name}\u0000${gene}`))
        .filter((v): v is number => typeof v === 'number');
      const flags: string[] = [];
      if (contaminated.has(gene)) flags.push('ntc-contamination');
      if (contaminatedRefs.length > 0) flags.push('reference-ntc-contamination');
      const eff = effByGene.get(gene);
      if (eff && !eff.accepted) flags.push('efficiency-out-of-range');
      for (const u of referenceStability?.unstableGenes ?? [])
        pushUnique(flags, `reference-unstable:${u}`);
      const rowsOf = results.filter(
        (r) => r.gene === gene && (r.group === group || r.group === o.calibratorGroup),
      );
      for (const r of rowsOf) {
        for (const f of r.flags) {
          if (f === 'high-replicate-sd' || f === 'late-cq' || f === 'target-undetermined')
            pushUnique(flags, f);
        }
      }
      const base: GroupGeneResult = {
        gene,
        group,
        calibratorGroup: o.calibratorGroup,
        materialId: materialOf(members),
        calibratorMaterialId: materialOf(calSamples),
        nSamples: values.length,
        nCalibratorSamples: calValues.length,
        foldChange: null,
        log2Fold: null,
        sdLog2Fold: null,
        ciLower: null,
        ciUpper: null,
        t: null,
        df: null,
        pValue: null,
        flags,
      };
      groups.push(base);
      if (values.length === 0 || calValues.length === 0 || calMean === null) {
        flags.push('no-result');
        continue;
      }
      const log2Folds = values.map((v) => v - calMean);
      const reps = withoutInputHashes(() =>
        summarizeBiologicalReplicates(log2Folds, { confidenceLevel: o.confidenceLevel }),
      );
      base.log2Fold = reps.meanLog2Fold;
      base.foldChange = reps.foldChange;
      base.sdLog2Fold = reps.sdLog2Fold;
      if (values.length >= 2 && calValues.length >= 2) {
        const w = withoutInputHashes(() =>
          compareGroupsOnLog2Expression(values, calValues, {
            confidenceLevel: o.confidenceLevel,
          }),
        );
        base.t = w.t;
        base.df = w.df;
        base.pValue = w.pValue;
        if (w.foldCi) [base.ciLower, base.ciUpper] = w.foldCi;
        if (w.status !== 'ok') flags.push(w.status);
      } else if (reps.foldCi) {
        // One calibrator sample: the spread of the group's replicates only.
        [base.ciLower, base.ciUpper] = reps.foldCi;
        flags.push('single-calibrator-sample');
      } else {
        flags.push('single-replicate');
      }
    }
  }
  for (const r of results) {
    for (const f of r.flags) {
      if (f === 'target-undetermined') pushUnique(runFlags, `target-undetermined:${r.gene}`);
      if (f === 'high-replicate-sd' || f === 'late-cq') pushUnique(runFlags, f);
    }
  }
  const options = { ...o, quantificationMethod: o.quantificationMethod };
  return {
    quantificationMethod: method,
    efficiencies,
    ntc: summary.ntc,
    referenceStability,
    samples: results,
    groups,
    excludedUndeterminedWells: summary.excludedUndeterminedWells,
    flags: runFlags,
    ...provenance('qpcr-expression-analysis', '1.0.0', options, {
      reactions: reactions.map((r) => [r.well, r.sample, r.gene, r.task, r.cq, r.quantity]),
      samples,
    }),
  };
}
