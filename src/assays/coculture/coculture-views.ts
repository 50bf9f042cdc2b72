import { Injectable } from '@nestjs/common';
import type { MannWhitneyUResult } from '../../analysis/stats/mann-whitney-u';
import type { Actor } from '../../common/auth/roles';
import { NotFoundError } from '../../common/errors/domain.error';
import {
  assayPageHref,
  type AssayPage,
  type AssayViewProvider,
  type ViewBlock,
  type ViewCell,
  type ViewFlag,
  type ViewSection,
  fieldNumber,
  fieldText,
  viewNumber as num,
} from '../../runs/assay-views';
import { validatedAs } from '../../common/validation/validated-as';
import { RunsService } from '../../runs/runs.service';
import { COCULTURE_PROTOCOL_KEY } from './coculture-records.service';
import { CreateCultureDto, CreateSamplingDto, type CultureDto } from './dto/coculture.dto';
import { CULTURE_CONDITIONS, DRUG_CONCENTRATION_UNITS } from './coculture-culture.entity';
import type { DonorComparisonDto, KineticsResultDto } from './dto/kinetics.dto';
import { CocultureRecordsService } from './coculture-records.service';
import { KineticsService } from './kinetics.service';

const ASSAY = 'coculture';
const RATES = ['sfo', 'biotic'] as const;
type Rate = (typeof RATES)[number];

/** The donor comparison's page: `sfo` compares the cultures' k, `biotic` k minus the abiotic k. */
export const comparisonHref = (rate: Rate = 'sfo') => assayPageHref(ASSAY, 'comparison', rate);
const cultureHref = (id: string) => assayPageHref(ASSAY, 'culture', id);
/** The page that records a culture (or a control) of a co-culture run. */
const newCultureHref = (runId: string) => assayPageHref(ASSAY, 'new-culture', runId);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The parts of a stored kinetics result the pages show (the rest stays in the API's JSON). */
interface ShownKinetics {
  reason?: string | null;
  degradation?: { sfo?: { rateConstantCiPerHour?: [number, number] | null } } | null;
  biotic?: { rateConstantPerHour?: number; halfLifeHours?: number | null } | null;
  formation?: { cmax?: number; tmaxHours?: number; initialRatePerHour?: number | null } | null;
}

const shown = (r: KineticsResultDto) => r.result as ShownKinetics;

function kCell(r: KineticsResultDto): string {
  const ci = shown(r).degradation?.sfo?.rateConstantCiPerHour;
  if (r.rateConstantPerHour === null) return shown(r).reason ?? 'not fitted';
  return ci
    ? `${num(r.rateConstantPerHour)} (${num(ci[0])}–${num(ci[1])})`
    : num(r.rateConstantPerHour);
}

function cultureFlags(c: CultureDto, results: readonly KineticsResultDto[]): ViewFlag[] {
  const out: ViewFlag[] = [];
  if (!c.anaerobic) {
    out.push({
      severity: 'warning',
      code: 'not-anaerobic',
      message: `chamber O₂ reached ${num(c.maxO2Ppm)} ppm, above the run limit of ${c.o2LimitPpm} ppm`,
      where: c.name,
    });
  }
  for (const r of results) {
    for (const f of r.flags) {
      out.push({
        severity: 'warning',
        code: f,
        message: `${r.analyte} (${r.role})`,
        where: c.name,
      });
    }
  }
  return out;
}

/**
 * The co-culture assay in the web UI: on an anaerobic-coculture run's page each culture with its
 * donor, O₂ state, degradation plot (ln C against time with the SFO fit over its abiotic control)
 * with k and t½, the metabolite time courses, and a link to the donor comparison; the comparison's
 * own page (responders against non-responders: per-donor k and t½, medians and IQR, Mann–Whitney
 * U, the dot plot). Read through CocultureRecordsService and KineticsService.
 */
@Injectable()
export class CocultureViews implements AssayViewProvider {
  constructor(
    private readonly records: CocultureRecordsService,
    private readonly kinetics: KineticsService,
    private readonly runs: RunsService,
  ) {}

  async sections(actor: Actor, runId: string): Promise<ViewSection[]> {
    const cultures = (await this.records.listCultures({ runId, limit: 200, offset: 0 })).items;
    if (cultures.length === 0) {
      const run = await this.runs.get(actor, runId);
      if (run.protocolKey !== COCULTURE_PROTOCOL_KEY) return [];
      return [
        {
          title: 'Co-culture: cultures and degradation',
          blocks: [
            { kind: 'text', text: 'No culture recorded on this run yet.' },
            {
              kind: 'facts',
              items: [
                {
                  label: 'Cultures',
                  value: { text: 'Record a culture or control', href: newCultureHref(runId) },
                },
              ],
            },
          ],
        },
      ];
    }
    const results = (await this.kinetics.list({ runId, limit: 500, offset: 0 })).items;
    const byCulture = (id: string) => results.filter((r) => r.cultureId === id);
    const overview: ViewSection = {
      title: 'Co-culture: cultures and degradation',
      blocks: [
        {
          kind: 'table',
          caption:
            'Cultures of this run: parent drug k per hour (95 % CI) and t½ in hours (SFO), biotic k over the abiotic control',
          columns: [
            'Culture',
            'Condition',
            'Donor',
            'Samples',
            'Anaerobic',
            'Drug',
            'k (1/h)',
            't½ (h)',
            'Biotic k (1/h)',
          ],
          rows: cultures.map((c): ViewCell[] => {
            const parent = byCulture(c.id).find((r) => r.role === 'parent');
            return [
              { text: c.name, href: cultureHref(c.id) },
              c.condition,
              c.donorId
                ? { text: c.donorCode ?? c.donorId, href: `/ui/materials/${c.donorId}` }
                : '—',
              String(c.samples.length),
              c.anaerobic ? 'yes' : { text: 'no', severity: 'warning' },
              c.drug
                ? `${c.drug} ${c.drugStartConcentrationRaw ?? ''} ${c.drugConcentrationUnit ?? ''}`.trim()
                : '—',
              parent ? kCell(parent) : 'not computed',
              parent ? num(parent.halfLifeHours) : '—',
              parent ? num(shown(parent).biotic?.rateConstantPerHour ?? null) : '—',
            ];
          }),
        },
        {
          kind: 'flags',
          items: cultures.flatMap((c) => cultureFlags(c, byCulture(c.id))),
        },
        {
          kind: 'facts',
          items: [
            {
              label: 'Donor comparison',
              value: { text: 'Responders against non-responders', href: comparisonHref() },
            },
            {
              label: 'Cultures',
              value: { text: 'Record a culture or control', href: newCultureHref(runId) },
            },
          ],
        },
      ],
    };
    const perCulture: ViewSection[] = [];
    for (const c of cultures) {
      const rs = byCulture(c.id);
      const parent = rs.find((r) => r.role === 'parent');
      const metabolites = rs.filter((r) => r.role === 'metabolite');
      if (!parent && metabolites.length === 0) continue;
      const blocks: ViewBlock[] = [];
      if (parent) {
        blocks.push({
          kind: 'plot',
          title: `${parent.analyte} in ${c.name}: k ${kCell(parent)} per hour, t½ ${num(parent.halfLifeHours)} h`,
          src: `/api/v1/coculture-cultures/${c.id}/degradation.svg`,
          alt: `Degradation of ${parent.analyte} in ${c.name} (ln concentration against time, SFO fit${c.abioticControlId ? ', abiotic control' : ''}): k ${num(parent.rateConstantPerHour)} per hour, half-life ${num(parent.halfLifeHours)} hours`,
        });
      }
      if (metabolites.length) {
        blocks.push(
          {
            kind: 'plot',
            title: `Metabolites in ${c.name}`,
            src: `/api/v1/coculture-cultures/${c.id}/metabolites.svg`,
            alt: `Metabolite time courses in ${c.name}: ${metabolites
              .map(
                (r) =>
                  `${r.analyte} Cmax ${num(shown(r).formation?.cmax ?? null)} at ${num(shown(r).formation?.tmaxHours ?? null)} h`,
              )
              .join('; ')}`,
          },
          {
            kind: 'table',
            caption: `Metabolite formation in ${c.name}`,
            columns: ['Metabolite', 'Cmax', 'Tmax (h)', 'Initial rate (per h)', 'Flags'],
            rows: metabolites.map((r): ViewCell[] => [
              r.analyte,
              num(shown(r).formation?.cmax ?? null),
              num(shown(r).formation?.tmaxHours ?? null),
              num(shown(r).formation?.initialRatePerHour ?? null),
              r.flags.join(', ') || '—',
            ]),
          },
        );
      }
      perCulture.push({ title: `Co-culture: ${c.name}`, blocks });
    }
    return [overview, ...perCulture];
  }

  async page(actor: Actor, kind: string, id: string): Promise<AssayPage> {
    if (kind === 'culture' && UUID.test(id)) return this.culturePage(id);
    if (kind === 'new-culture' && UUID.test(id)) return this.newCulturePage(actor, id);
    if (kind !== 'comparison' || !(RATES as readonly string[]).includes(id)) {
      throw new NotFoundError('Page', `${kind}/${id}`);
    }
    const rate = id as Rate;
    const cmp = await this.kinetics.comparison({ rate });
    const other: Rate = rate === 'sfo' ? 'biotic' : 'sfo';
    return {
      title: `Donor comparison: ${rate === 'sfo' ? 'SFO k' : 'biotic k'} of responders and non-responders`,
      sections: [
        {
          title: 'The comparison',
          blocks: [
            {
              kind: 'facts',
              items: [
                {
                  label: 'Status',
                  value:
                    cmp.status === 'compared'
                      ? 'compared'
                      : { text: 'insufficient data', severity: 'warning' },
                },
                ...(cmp.reason ? [{ label: 'Why', value: cmp.reason }] : []),
                {
                  label: 'Rate compared',
                  value:
                    rate === 'sfo'
                      ? 'SFO k of each culture'
                      : 'biotic k (culture − abiotic control)',
                },
                ...this.testFacts(cmp),
                {
                  label: 'Also',
                  value: {
                    text: `Compare the ${other === 'sfo' ? 'SFO k' : 'biotic k'}`,
                    href: comparisonHref(other),
                  },
                },
                ...(cmp.method
                  ? [{ label: 'Method', value: `${cmp.method} ${cmp.methodVersion ?? ''}` }]
                  : []),
              ],
            },
            {
              kind: 'plot',
              title: 'k per donor, responders and non-responders (median and IQR)',
              src: `/api/v1/degradation/comparison.svg?rate=${rate}`,
              alt: `Rate constant per donor: responders median ${num(cmp.responders.medianRateConstantPerHour)} per hour (n ${cmp.responders.n}), non-responders median ${num(cmp.nonResponders.medianRateConstantPerHour)} per hour (n ${cmp.nonResponders.n})`,
            },
          ],
        },
        {
          title: 'Groups',
          blocks: [
            {
              kind: 'table',
              caption: 'k per hour by responder status',
              columns: ['Group', 'Donors', 'Median k', 'IQR', 'Mean k (SD)', 'Median t½ (h)'],
              rows: [
                ['Responders', cmp.responders] as const,
                ['Non-responders', cmp.nonResponders] as const,
              ].map(([name, g]): ViewCell[] => [
                name,
                String(g.n),
                num(g.medianRateConstantPerHour),
                `${num(g.q1RateConstantPerHour)}–${num(g.q3RateConstantPerHour)}`,
                `${num(g.meanRateConstantPerHour)} (${num(g.sdRateConstantPerHour)})`,
                num(g.medianHalfLifeHours),
              ]),
            },
          ],
        },
        {
          title: 'Donors',
          blocks: [
            cmp.donors.length
              ? {
                  kind: 'table',
                  caption: 'Each donor’s k, averaged over its cultures',
                  columns: ['Donor', 'Status', 'Cultures', 'k (1/h)', 't½ (h)'],
                  rows: cmp.donors.map((d): ViewCell[] => [
                    { text: d.donorCode, href: `/ui/materials/${d.donorId}` },
                    d.responderStatus,
                    String(d.cultures),
                    num(d.rateConstantPerHour),
                    num(d.halfLifeHours),
                  ]),
                }
              : { kind: 'text', text: 'No donor with a fitted culture yet.' },
          ],
        },
      ],
    };
  }

  private testFacts(cmp: DonorComparisonDto): { label: string; value: ViewCell }[] {
    const t = cmp.test as Partial<MannWhitneyUResult> | null;
    if (!t) return [];
    return [
      {
        label: 'Mann–Whitney U',
        value: `W ${num(t.W ?? null)}, two-sided p ${num(t.pValue ?? null)} (${t.pValueMethod ?? 'method not recorded'}${t.hasTies ? ', ties' : ''})`,
      },
    ];
  }

  /** A culture's page: its conditions, its samplings (barcodes, O₂) and the form to record one. */
  private async culturePage(id: string): Promise<AssayPage> {
    const c = await this.records.getCulture(id);
    const samples = [...c.samples].sort(
      (a, b) => a.timeHours - b.timeHours || a.replicate - b.replicate,
    );
    return {
      title: `Culture ${c.name}`,
      runId: c.runId,
      sections: [
        {
          title: 'The culture',
          blocks: [
            {
              kind: 'facts',
              items: [
                { label: 'Condition', value: c.condition },
                {
                  label: 'Donor',
                  value: c.donorId
                    ? { text: c.donorCode ?? c.donorId, href: `/ui/materials/${c.donorId}` }
                    : '—',
                },
                { label: 'Medium', value: c.medium },
                { label: 'Atmosphere', value: c.atmosphere },
                { label: 'Temperature', value: `${num(c.temperatureCelsius)} °C` },
                {
                  label: 'Drug',
                  value: c.drug
                    ? `${c.drug} ${c.drugStartConcentrationRaw ?? ''} ${c.drugConcentrationUnit ?? ''}`.trim()
                    : '—',
                },
                { label: 'O₂ limit', value: `${num(c.o2LimitPpm)} ppm` },
                {
                  label: 'Anaerobic',
                  value: c.anaerobic
                    ? 'yes'
                    : { text: `no: a sampling read ${num(c.maxO2Ppm)} ppm`, severity: 'warning' },
                },
              ],
            },
          ],
        },
        {
          title: 'Samplings',
          blocks: [
            samples.length
              ? {
                  kind: 'table',
                  caption: 'Samples of this culture by time and replicate, with the chamber O₂',
                  columns: ['Time (h)', 'Replicate', 'Barcode', 'O₂ (ppm)', 'Sampled at'],
                  rows: samples.map((x): ViewCell[] => [
                    num(x.timeHours, 6),
                    String(x.replicate),
                    x.barcode,
                    x.o2WithinLimit
                      ? num(x.chamberO2Ppm, 4)
                      : {
                          text: `${num(x.chamberO2Ppm, 4)} (above the limit)`,
                          severity: 'warning',
                        },
                    x.sampledAt,
                  ]),
                }
              : { kind: 'text', text: 'No sampling recorded yet.' },
            {
              kind: 'form',
              action: 'record-sampling',
              title: 'Record a sampling',
              submit: 'Record the sampling',
              fields: [
                {
                  name: 'timeHours',
                  label: 'Time since dosing (h)',
                  type: 'number',
                  required: true,
                },
                {
                  name: 'chamberO2Ppm',
                  label: 'Chamber O₂ at sampling (ppm)',
                  type: 'number',
                  required: true,
                },
                {
                  name: 'barcodes',
                  label: 'Sample barcodes, one per replicate',
                  type: 'textarea',
                  rows: 4,
                  required: true,
                  hint: 'One barcode per line in replicate order: the first line is replicate 1.',
                },
                {
                  name: 'sampledAt',
                  label: 'Sampled at (UTC, optional)',
                  type: 'text',
                  hint: 'For example 2026-06-11T13:30:00Z; empty: now.',
                },
              ],
            },
          ],
        },
      ],
    };
  }

  /**
   * The page that records a culture of a co-culture run (POST /coculture-cultures' form): its
   * condition, the run's fecal aliquot as inoculum (none for the abiotic control), the abiotic
   * control it is compared with, and settings that default to the run's.
   */
  private async newCulturePage(actor: Actor, runId: string): Promise<AssayPage> {
    const run = await this.runs.get(actor, runId);
    if (run.protocolKey !== COCULTURE_PROTOCOL_KEY)
      throw new NotFoundError('Co-culture run', runId);
    const aliquots = run.materials.filter((m) => m.kind === 'fecal-aliquot');
    const abiotic = (
      await this.records.listCultures({ runId, limit: 200, offset: 0 })
    ).items.filter((c) => c.condition === 'abiotic');
    const setting = (key: string) => {
      const p = (run.parameters as Record<string, { value?: unknown; unit?: string }>)[key];
      return p?.value === undefined ? '' : `${String(p.value)}${p.unit ? ` ${p.unit}` : ''}`;
    };
    return {
      title: `New culture: ${run.title}`,
      runId,
      sections: [
        {
          title: 'Record a culture or control',
          blocks: [
            {
              kind: 'text',
              text: 'A culture is a donor’s fecal aliquot in medium with the drug; the controls are abiotic (medium and drug, no inoculum), heat-killed (inoculum heated first) and no-drug. Blank settings take the run’s.',
            },
            {
              kind: 'form',
              action: 'record-culture',
              title: 'The culture',
              submit: 'Record the culture',
              fields: [
                { name: 'name', label: 'Name', type: 'text', required: true },
                {
                  name: 'condition',
                  label: 'Condition',
                  type: 'select',
                  options: CULTURE_CONDITIONS.map((c) => ({ value: c, label: c })),
                },
                {
                  name: 'aliquotId',
                  label: 'Fecal aliquot (inoculum)',
                  type: 'select',
                  options: [
                    { value: '', label: 'None (abiotic control)' },
                    ...aliquots.map((a) => ({
                      value: a.materialId,
                      label: `${a.name}${a.barcode ? ` · ${a.barcode}` : ''}`,
                    })),
                  ],
                },
                {
                  name: 'abioticControlId',
                  label: 'Abiotic control it is compared with (optional)',
                  type: 'select',
                  options: [
                    { value: '', label: 'None' },
                    ...abiotic.map((c) => ({ value: c.id, label: c.name })),
                  ],
                },
                {
                  name: 'drug',
                  label: 'Drug',
                  type: 'text',
                  hint: `Run: ${setting('drug') || '—'}.`,
                },
                {
                  name: 'drugStartConcentration',
                  label: 'Drug start concentration',
                  type: 'number',
                  hint: `Run: ${setting('drugStartConcentrationMicromolar') || '—'}.`,
                },
                {
                  name: 'drugConcentrationUnit',
                  label: 'Its unit',
                  type: 'select',
                  options: [
                    { value: '', label: 'µM (default)' },
                    ...DRUG_CONCENTRATION_UNITS.map((u) => ({ value: u, label: u })),
                  ],
                },
                {
                  name: 'medium',
                  label: 'Medium',
                  type: 'text',
                  hint: `Run: ${setting('medium') || '—'}.`,
                },
                {
                  name: 'atmosphere',
                  label: 'Atmosphere',
                  type: 'text',
                  hint: `Run: ${setting('atmosphere') || '—'}.`,
                },
                {
                  name: 'temperatureCelsius',
                  label: 'Temperature (°C)',
                  type: 'number',
                  hint: `Run: ${setting('incubationTemperatureCelsius') || '—'}.`,
                },
                { name: 'inoculum', label: 'Inoculum (optional)', type: 'text' },
                { name: 'notes', label: 'Notes (optional)', type: 'textarea' },
              ],
            },
          ],
        },
      ],
    };
  }

  /** Records the culture by the API's DTO and service (its rules: run lock, condition, aliquot). */
  private async recordCulture(
    actor: Actor,
    runId: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }> {
    await this.runs.get(actor, runId); // the run's visibility, as its page
    const plain: Record<string, unknown> = { runId, name: fieldText(fields.name) };
    for (const k of [
      'condition',
      'aliquotId',
      'abioticControlId',
      'drug',
      'drugConcentrationUnit',
      'medium',
      'atmosphere',
      'inoculum',
      'notes',
    ]) {
      if (fieldText(fields[k])) plain[k] = fieldText(fields[k]);
    }
    for (const k of ['drugStartConcentration', 'temperatureCelsius']) {
      const n = fieldNumber(fields[k]);
      if (n !== undefined) plain[k] = n;
    }
    const dto = await validatedAs(CreateCultureDto, plain);
    const culture = await this.records.createCulture(actor, dto);
    return {
      redirect: cultureHref(culture.id),
      message: `Culture ${culture.name} (${culture.condition}) recorded.`,
    };
  }

  /** A culture page's form: a sampling, recorded by the API's service (its rules apply). */
  async act(
    actor: Actor,
    kind: string,
    id: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }> {
    if (kind === 'new-culture' && action === 'record-culture' && UUID.test(id)) {
      return this.recordCulture(actor, id, fields);
    }
    if (kind !== 'culture' || action !== 'record-sampling' || !UUID.test(id)) {
      throw new NotFoundError('Action', action);
    }
    const barcodes = fieldText(fields.barcodes)
      .split(/\r?\n/)
      .map((b) => b.trim())
      .filter(Boolean);
    const dto = await validatedAs(CreateSamplingDto, {
      timeHours: fieldNumber(fields.timeHours),
      chamberO2Ppm: fieldNumber(fields.chamberO2Ppm),
      barcodes,
      ...(fieldText(fields.sampledAt) ? { sampledAt: fieldText(fields.sampledAt) } : {}),
    });
    await this.records.addSampling(actor, id, dto);
    return {
      redirect: cultureHref(id),
      message: `Sampling at ${dto.timeHours} h recorded: ${barcodes.length} sample${barcodes.length === 1 ? '' : 's'} (${barcodes.join(', ')}).`,
    };
  }
}
