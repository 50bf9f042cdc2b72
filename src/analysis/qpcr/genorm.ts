// geNorm reference-gene stability: M values, stepwise ranking and pairwise variation V(n/n+1).
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { sampleStandardDeviation } from '../stats/descriptive';
import { checkCqArray, isDetermined, type CqValue } from './cq-value';

export interface GenormGene {
  name: string;
  /** Amplification factor per cycle (2 = 100 %). Default 2. */
  amplificationFactor?: number;
  /** Cq of this gene in each sample (same sample order for every gene), in cycles. */
  cq: readonly CqValue[];
}

export interface GenormOptions {
  /** M above which a gene is called unstable. Default 1.5 (Vandesompele 2002). */
  maxStableM?: number;
}

export interface GenormGeneM {
  name: string;
  /** Average pairwise variation M = Σ_k V_jk / (n − 1), in log2 units. */
  m: number;
}

export interface GenormStep {
  /** Genes still in the set, with their M computed within that set. */
  genes: GenormGeneM[];
  /** Gene removed after this step (highest M); null at the last step (two genes left). */
  removed: string | null;
}

export interface GenormResult extends Provenance {
  status: 'ok' | 'insufficient-data';
  nSamples: number;
  /** Samples used: those where every gene amplified. */
  nSamplesUsed: number;
  /** Indices of samples left out because a gene was undetermined there. */
  excludedSamples: number[];
  /** M of every gene within the full set. */
  genes: GenormGeneM[];
  /** Stepwise exclusion of the least stable gene (Vandesompele 2002). */
  steps: GenormStep[];
  /** Gene names from most to least stable (the last two of the stepwise procedure first). */
  ranking: string[];
  /**
   * Pairwise variation V(n/n+1) = SD(log2(NF_n / NF_n+1)) for the n most stable genes
   * (NF = geometric mean of relative quantities); below 0.15 the (n+1)-th gene is not needed.
   */
  pairwiseVariation: Array<{ n: number; v: number }>;
  /** Genes with M > maxStableM. */
  unstableGenes: string[];
  flags: Array<'undetermined-excluded' | 'insufficient-data' | 'unstable-genes'>;
}

/** M of each gene of `idx` within that subset, from per-sample log2 quantities `log2q[g][s]`. */
function mValues(log2q: number[][], idx: number[]): number[] {
  const nS = log2q[0].length;
  const v = idx.map(() => new Array<number>(idx.length).fill(0));
  const diff = new Array<number>(nS);
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      for (let s = 0; s < nS; s++) diff[s] = log2q[idx[a]][s] - log2q[idx[b]][s];
      const sd = sampleStandardDeviation(diff);
      v[a][b] = sd;
      v[b][a] = sd;
    }
  }
  return v.map((row) => row.reduce((acc, x) => acc + x, 0) / (idx.length - 1));
}

/**
 * geNorm stability of candidate reference genes. With relative quantities
 * log2 Q_js = −Cq_js·log2 E_j (the per-gene offset cancels), for each pair of genes
 * A_jk,s = log2 Q_js − log2 Q_ks, V_jk = SD_s(A_jk) (n − 1), and the gene-stability measure
 * M_j = Σ_{k≠j} V_jk / (n_genes − 1). The least stable gene (highest M) is removed and M
 * recomputed until two genes remain; the pairwise variation V(n/n+1) = SD_s(log2 NF_n −
 * log2 NF_n+1) tells how many genes to use (< 0.15). Samples in which any gene is undetermined
 * are excluded (flag).
 * Units: M and V in log2 units (dimensionless).
 * Reference: Vandesompele et al. 2002 (Genome Biol 3:research0034), eq. for V_jk, M_j and
 * V_n/n+1; Hellemans et al. 2007 (qBase).
 * @throws AnalysisError for fewer than 2 genes, unequal sample counts, duplicate names or bad
 *   Cq/E values.
 */
export function genormStability(
  genes: readonly GenormGene[],
  options: GenormOptions = {},
): GenormResult {
  if (!Array.isArray(genes as unknown) || genes.length < 2) {
    throw new AnalysisError('TOO_FEW_VALUES', 'geNorm needs at least 2 genes', 'genes');
  }
  const maxStableM = options.maxStableM ?? 1.5;
  assertFinite(maxStableM, 'maxStableM');
  const names = new Set<string>();
  genes.forEach((g, j) => {
    if (typeof g !== 'object' || g === null || typeof g.name !== 'string' || g.name === '') {
      throw new AnalysisError(
        'BAD_INPUT',
        `genes[${j}] needs a non-empty name`,
        `genes[${j}].name`,
      );
    }
    if (names.has(g.name)) {
      throw new AnalysisError('DUPLICATE_NAME', `gene ${g.name} appears twice`, `genes[${j}].name`);
    }
    names.add(g.name);
    checkCqArray(g.cq, `genes[${j}].cq`);
    if (g.cq.length !== genes[0].cq.length) {
      throw new AnalysisError(
        'LENGTH_MISMATCH',
        `every gene needs the same samples`,
        `genes[${j}].cq`,
      );
    }
    if (g.amplificationFactor !== undefined) {
      assertFinite(g.amplificationFactor, `genes[${j}].amplificationFactor`);
      if (!(g.amplificationFactor > 1)) {
        throw new AnalysisError(
          'BAD_AMPLIFICATION_FACTOR',
          `genes[${j}].amplificationFactor must be > 1`,
          `genes[${j}].amplificationFactor`,
        );
      }
    }
  });
  const nSamples = genes[0].cq.length;
  const used: number[] = [];
  const excludedSamples: number[] = [];
  for (let s = 0; s < nSamples; s++) {
    if (genes.every((g) => isDetermined(g.cq[s]))) used.push(s);
    else excludedSamples.push(s);
  }
  const flags: GenormResult['flags'] = excludedSamples.length > 0 ? ['undetermined-excluded'] : [];
  const prov = provenance('qpcr-genorm', '1.0.0', { maxStableM }, genes);
  const base = { nSamples, nSamplesUsed: used.length, excludedSamples, ...prov };
  if (used.length < 2) {
    flags.push('insufficient-data');
    return {
      ...base,
      status: 'insufficient-data',
      genes: [],
      steps: [],
      ranking: [],
      pairwiseVariation: [],
      unstableGenes: [],
      flags,
    };
  }
  const log2q = genes.map((g) => {
    const l2e = Math.log2(g.amplificationFactor ?? 2);
    return used.map((s) => -(g.cq[s] as number) * l2e);
  });

  const steps: GenormStep[] = [];
  let remaining = genes.map((_, j) => j);
  const removedOrder: number[] = [];
  for (;;) {
    const m = mValues(log2q, remaining);
    let worst = 0;
    for (let a = 1; a < m.length; a++) if (m[a] > m[worst]) worst = a;
    const last = remaining.length <= 2;
    steps.push({
      genes: remaining.map((j, a) => ({ name: genes[j].name, m: m[a] })),
      removed: last ? null : genes[remaining[worst]].name,
    });
    if (last) break;
    removedOrder.push(remaining[worst]);
    remaining = remaining.filter((_, a) => a !== worst);
  }
  const rankedIdx = [...remaining, ...removedOrder.reverse()];
  const ranking = rankedIdx.map((j) => genes[j].name);

  // Pairwise variation of normalisation factors built from the n most stable genes.
  const pairwiseVariation: Array<{ n: number; v: number }> = [];
  const nfLog2 = (n: number, s: number) => {
    let acc = 0;
    for (let a = 0; a < n; a++) acc += log2q[rankedIdx[a]][s];
    return acc / n;
  };
  for (let n = 2; n < genes.length; n++) {
    const d = used.map((_, s) => nfLog2(n, s) - nfLog2(n + 1, s));
    pairwiseVariation.push({ n, v: sampleStandardDeviation(d) });
  }
  const full = steps[0].genes;
  const unstableGenes = full.filter((g) => g.m > maxStableM).map((g) => g.name);
  if (unstableGenes.length > 0) flags.push('unstable-genes');
  return {
    ...base,
    status: 'ok',
    genes: full,
    steps,
    ranking,
    pairwiseVariation,
    unstableGenes,
    flags,
  };
}
