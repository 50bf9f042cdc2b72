// Which MIQE fields a qPCR run still lacks, given what its protocol requires. Pure.
import type { MiqeField } from './qpcr-settings';

export interface MiqeContent {
  instrument: string | null;
  chemistry: string | null;
  rtKit: string | null;
  efficiencySource: string | null;
  primers: readonly {
    gene: string;
    forwardPrimer: string | null;
    reversePrimer: string | null;
    probe: string | null;
    ampliconLengthBp: number | null;
    efficiencyPercent: number | null;
  }[];
  rnaQuality: readonly { sample: string; rin: number | null; a260280: number | null }[];
}

export interface MissingMiqeField {
  /** `instrument`, `primers.ABCC1`, `rnaQuality.P1`… */
  field: string;
  message: string;
}

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';

/**
 * The required MIQE fields the record lacks (Bustin et al. 2009, Clin Chem 55:611, the
 * "essential" items): instrument, chemistry, RT kit, efficiency source as text; primers
 * (forward and reverse, plus the probe for TaqMan) and amplicon length for every gene of the
 * panel; RIN and A260/280 for every biological sample (or one entry when the samples are not
 * known yet); a stated efficiency per gene when the source is `stated`.
 */
export function missingMiqeFields(
  record: MiqeContent | null,
  required: readonly MiqeField[],
  context: { genes: readonly string[]; samples: readonly string[]; chemistry: string },
): MissingMiqeField[] {
  const out: MissingMiqeField[] = [];
  const need = new Set(required);
  const text: [MiqeField, string | null | undefined, string][] = [
    ['instrument', record?.instrument, 'the qPCR instrument (make and model)'],
    ['chemistry', record?.chemistry, 'the detection chemistry (SYBR-Green, TaqMan)'],
    ['rtKit', record?.rtKit, 'the reverse-transcription kit'],
    ['efficiencySource', record?.efficiencySource, 'how amplification efficiencies were obtained'],
  ];
  for (const [field, v, what] of text) {
    if (need.has(field) && blank(v)) out.push({ field, message: `record ${what}` });
  }
  const primers = new Map((record?.primers ?? []).map((p) => [p.gene, p]));
  const chemistry = record?.chemistry ?? context.chemistry;
  for (const gene of context.genes) {
    const p = primers.get(gene);
    if (need.has('primers')) {
      const lacks: string[] = [];
      if (blank(p?.forwardPrimer)) lacks.push('forward primer');
      if (blank(p?.reversePrimer)) lacks.push('reverse primer');
      if (chemistry === 'TaqMan' && blank(p?.probe)) lacks.push('probe');
      if (lacks.length > 0) {
        out.push({ field: `primers.${gene}`, message: `${gene}: record the ${lacks.join(', ')}` });
      }
    }
    if (need.has('amplicon') && (p?.ampliconLengthBp ?? null) === null) {
      out.push({ field: `amplicon.${gene}`, message: `${gene}: record the amplicon length (bp)` });
    }
    if (
      need.has('efficiencySource') &&
      record?.efficiencySource === 'stated' &&
      (p?.efficiencyPercent ?? null) === null
    ) {
      out.push({
        field: `primers.${gene}.efficiencyPercent`,
        message: `${gene}: the efficiency source is "stated"; record its efficiency (%)`,
      });
    }
  }
  if (need.has('rnaQuality')) {
    const rna = new Map((record?.rnaQuality ?? []).map((r) => [r.sample, r]));
    if (context.samples.length === 0 && rna.size === 0) {
      out.push({
        field: 'rnaQuality',
        message: 'record RNA quality (RIN and A260/280) for each biological sample',
      });
    }
    for (const sample of context.samples) {
      const r = rna.get(sample);
      const lacks: string[] = [];
      if ((r?.rin ?? null) === null) lacks.push('RIN');
      if ((r?.a260280 ?? null) === null) lacks.push('A260/280');
      if (lacks.length > 0) {
        out.push({
          field: `rnaQuality.${sample}`,
          message: `sample ${sample}: record the ${lacks.join(' and ')}`,
        });
      }
    }
  }
  return out;
}
