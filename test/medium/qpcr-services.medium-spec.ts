/**
 * The qPCR import and analysis services on a real database: an import stores the reactions as
 * written, analyses them and audits in one unit of work; a dry run and a refused file write
 * nothing; the same file is a duplicate; a recompute supersedes (never deletes) the analysis and
 * its fold changes. And every flag of issue 16 reaches the stored analysis when the data call
 * for it, and not on the clean run: replicate SD, late Cq, NTC contamination (a late NTC is no
 * contamination), an undetermined target, efficiency out of range or a poor standard curve, an
 * unstable reference.
 */
import { PutNameMapDto } from '../../src/assays/qpcr/dto/qpcr-setup.dto';
import { QpcrAnalysesService } from '../../src/assays/qpcr/qpcr-analyses.service';
import { QpcrAnalysis } from '../../src/assays/qpcr/qpcr-analysis.entity';
import { QpcrFoldChange } from '../../src/assays/qpcr/qpcr-fold-change.entity';
import { QpcrImportService } from '../../src/assays/qpcr/qpcr-import.service';
import { QpcrSetupService } from '../../src/assays/qpcr/qpcr-setup.service';
import { QpcrReaction } from '../../src/assays/qpcr/qpcr-reaction.entity';
import type { Actor } from '../../src/common/auth/roles';
import { DomainError } from '../../src/common/errors/domain.error';
import { ProtocolVersion } from '../../src/protocols/protocol-version.entity';
import { CreateRunDto } from '../../src/runs/dto/create-run.dto';
import { RunTransitionsService } from '../../src/runs/run-transitions.service';
import { RunsService } from '../../src/runs/runs.service';
import { createMediumContext, type MediumContext } from './support/medium-context';

const SAMPLES = ['P1', 'P2', 'P3', 'R1', 'R2', 'R3'];
const GENES = ['GAPDH', 'ACTB', 'ABCC1'];

/** Makes each file unique: the same content for another run is refused (held by that run). */
let tag = 0;

type Override = (sample: string, gene: string, rep: number, cq: number) => number | 'undetermined';

/** Base Cq per sample and gene: references steady, ABCC1 four-fold up in the resistant line. */
function baseCq(sample: string, gene: string): number {
  const jitter = [0, 0.05, -0.04][Number(sample.slice(1)) - 1];
  if (gene === 'GAPDH') return 18 + jitter;
  if (gene === 'ACTB') return 19 + jitter * 0.8;
  return (sample.startsWith('R') ? 24 : 26) + jitter * 1.2;
}

/**
 * A long CSV of the run: each sample × gene in triplicate, an NTC per gene, and (when given) a
 * 5-point 10-fold standard curve per gene from its amplification factor, with optional scatter.
 */
function longCsv(
  override: Override = (_s, _g, _r, cq) => cq,
  ntc: Record<string, number> = {},
  curves: Record<string, { e: number; scatter?: number }> = {},
): string {
  const dye = `SYBR ${++tag}`;
  const lines = ['well,sample,target,cq,task,quantity,dye'];
  let n = 0;
  const well = () => `${'ABCDEFGHIJKLMNOP'[Math.floor(n / 24)]}${(n++ % 24) + 1}`;
  const text = (cq: number | 'undetermined') =>
    cq === 'undetermined' ? 'Undetermined' : cq.toFixed(3);
  for (const s of SAMPLES) {
    for (const g of GENES) {
      for (let rep = 0; rep < 3; rep++) {
        const cq = override(s, g, rep, baseCq(s, g) + [0, 0.04, -0.03][rep]);
        lines.push(`${well()},${s},${g},${text(cq)},unknown,,${dye}`);
      }
    }
  }
  for (const g of GENES) lines.push(`${well()},NTC,${g},${ntc[g] ?? 'Undetermined'},ntc,,${dye}`);
  for (const [g, { e, scatter = 0 }] of Object.entries(curves)) {
    [100, 10, 1, 0.1, 0.01].forEach((q, k) => {
      const cq = 20 - Math.log10(q) / Math.log10(e) + (k % 2 ? scatter : -scatter);
      lines.push(`${well()},STD,${g},${cq.toFixed(3)},standard,${q},${dye}`);
    });
  }
  return lines.join('\n') + '\n';
}

describe(`qPCR import and analysis services (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  let sam: Actor;
  let parental: string;
  let resistant: string;
  let n = 0;

  beforeAll(async () => {
    ctx = await createMediumContext();
    sam = (await ctx.factory.user()).actor;
    parental = (await ctx.factory.cellLine(sam)).id;
    resistant = (await ctx.factory.cellLine(sam, { parentId: parental })).id;
  });
  afterAll(() => ctx.close());

  /** A started qpcr-expression run (latest approved version) on the two lines, names mapped. */
  async function run(parameters: Record<string, unknown> = {}): Promise<string> {
    const version = await ctx.dataSource
      .getRepository(ProtocolVersion)
      .createQueryBuilder('v')
      .innerJoin('v.protocol', 'p')
      .where('p.key = :key AND v.status = :s', { key: 'qpcr-expression', s: 'approved' })
      .orderBy('v.version', 'DESC')
      .getOneOrFail();
    const created = await ctx.get(RunsService).create(sam, {
      protocolVersionId: version.id,
      title: `qpcr medium ${++n}`,
      parameters: {
        referenceGenes: ['GAPDH', 'ACTB'],
        targetGenes: ['ABCC1'],
        efficiencySource: 'assumed-100-percent',
        ...parameters,
      },
      materials: [
        { materialId: parental, role: 'cell-lines' },
        { materialId: resistant, role: 'cell-lines' },
      ],
    } as CreateRunDto);
    await ctx.get(RunTransitionsService).transition(sam, created.id, 'start');
    await ctx.get(QpcrSetupService).putNames(sam, created.id, {
      samples: SAMPLES.map((name) => ({
        name,
        materialId: name.startsWith('P') ? parental : resistant,
      })),
    } as PutNameMapDto);
    return created.id;
  }

  const importCsv = (runId: string, csv: string, dryRun = false) =>
    ctx.get(QpcrImportService).import(sam, runId, Buffer.from(csv), { dryRun, filename: 'x.csv' });

  const count = async (table: string) =>
    Number((await ctx.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    imports: await count('qpcr_imports'),
    reactions: await count('qpcr_reactions'),
    analyses: await count('qpcr_analyses'),
    folds: await count('qpcr_fold_changes'),
    audit: await count('audit_events'),
  });

  /** The stored current analysis of a run and its ABCC1 fold change. */
  async function stored(runId: string) {
    const analysis = await ctx.dataSource
      .getRepository(QpcrAnalysis)
      .findOneByOrFail({ runId, current: true });
    const fold = await ctx.dataSource
      .getRepository(QpcrFoldChange)
      .findOneByOrFail({ runId, current: true, gene: 'ABCC1' });
    const result = analysis.result as {
      samples: { sample: string; gene: string; flags: string[] }[];
      efficiencies: { gene: string; flags: string[]; accepted: boolean }[];
    };
    return { analysis, fold, result };
  }

  it('stores every reaction as written, analyses and audits in one unit of work', async () => {
    const runId = await run();
    const before = await counts();
    const csv = longCsv();
    const out = await importCsv(runId, csv);
    expect(out.created).toBe(true);
    expect(out.report).toMatchObject({ outcome: 'imported', reactions: 57, undetermined: 3 });
    expect(await counts()).toEqual({
      imports: before.imports + 1,
      reactions: before.reactions + 57,
      analyses: before.analyses + 1,
      folds: before.folds + 1,
      audit: before.audit + 1,
    });
    const ntc = await ctx.dataSource.getRepository(QpcrReaction).findBy({ runId, task: 'ntc' });
    expect(ntc.map((r) => [r.cq, r.cqStatus, r.cqRaw])).toEqual(
      Array(3).fill([null, 'undetermined', 'Undetermined']),
    );
    const { fold } = await stored(runId);
    expect(fold.foldChange).toBeCloseTo(4, 1);
    expect(fold).toMatchObject({ materialId: resistant, calibratorMaterialId: parental });

    // The same file again: a duplicate carrying the stored analysis, nothing new.
    const again = await importCsv(runId, csv);
    expect(again.created).toBe(false);
    expect(again.report.outcome).toBe('duplicate');
    expect(again.report.analysis?.analysisId).toBe(out.report.analysis?.analysisId);
    expect(await counts()).toEqual({
      imports: before.imports + 1,
      reactions: before.reactions + 57,
      analyses: before.analyses + 1,
      folds: before.folds + 1,
      audit: before.audit + 1,
    });
  });

  it('a dry run answers the same report and writes nothing; a file with an unmapped name writes nothing and lists the known names', async () => {
    const runId = await run();
    const before = await counts();
    const dry = await importCsv(runId, longCsv(), true);
    expect(dry.report).toMatchObject({ outcome: 'dry-run', importId: null, reactions: 57 });
    expect(dry.report.analysis?.groups[0].foldChange).toBeCloseTo(4, 1);
    expect(await counts()).toEqual(before);

    const unmapped = longCsv().replace(/,R3,/g, ',R4,');
    const err = await importCsv(runId, unmapped).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const problems = (err as DomainError).errors;
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNMAPPED_SAMPLE', field: 'sample "R4"' }),
    ]);
    expect(problems[0].message).toMatch(/known names: .*P1.*R3/);
    expect(await counts()).toEqual(before);
  });

  it('a recompute supersedes the analysis and its fold changes, keeping both', async () => {
    const runId = await run();
    await importCsv(runId, longCsv());
    const first = await stored(runId);
    const again = await ctx.get(QpcrAnalysesService).recompute(sam, runId);
    expect(again.analysisId).not.toBe(first.analysis.id);
    const rows = await ctx.dataSource.getRepository(QpcrAnalysis).findBy({ runId });
    expect(rows.map((r) => [r.id, r.current, r.supersededAt !== null]).sort()).toEqual(
      [
        [first.analysis.id, false, true],
        [again.analysisId, true, false],
      ].sort(),
    );
    const folds = await ctx.dataSource.getRepository(QpcrFoldChange).findBy({ runId });
    expect(folds.map((f) => [f.analysisId, f.current]).sort()).toEqual(
      [
        [first.analysis.id, false],
        [again.analysisId, true],
      ].sort(),
    );
    expect(again.inputHash).toBe(first.analysis.inputHash);
  });

  // Each flag: the data that call for it, and the clean run that does not.
  const FLAGS: {
    flag: string;
    csv: () => string;
    parameters?: Record<string, unknown>;
    check: (s: Awaited<ReturnType<typeof stored>>) => void;
  }[] = [
    {
      flag: 'technical-replicate SD above 0.3',
      csv: () => longCsv((s, g, r, cq) => (s === 'R2' && g === 'ABCC1' && r === 2 ? cq + 1 : cq)),
      check: ({ analysis, fold, result }) => {
        expect(analysis.flags).toContain('high-replicate-sd');
        expect(fold.flags).toContain('high-replicate-sd');
        const r2 = result.samples.find((x) => x.sample === 'R2' && x.gene === 'ABCC1')!;
        expect(r2.flags).toContain('high-replicate-sd');
      },
    },
    {
      flag: 'Cq above 35 (late)',
      csv: () => longCsv((s, g, _r, cq) => (s === 'P1' && g === 'ABCC1' ? cq + 10 : cq)),
      check: ({ analysis, result }) => {
        expect(analysis.flags).toContain('late-cq');
        const p1 = result.samples.find((x) => x.sample === 'P1' && x.gene === 'ABCC1')!;
        expect(p1.flags).toContain('late-cq');
      },
    },
    {
      flag: 'NTC amplifying within 35 cycles blocks its gene',
      csv: () => longCsv(undefined, { ABCC1: 31.2 }),
      check: ({ analysis, fold }) => {
        expect(analysis.flags).toContain('ntc-contamination:ABCC1');
        expect(fold.foldChange).toBeNull();
        expect(fold.flags).toEqual(expect.arrayContaining(['ntc-contamination', 'no-result']));
      },
    },
    {
      flag: 'undetermined target where the references amplified',
      csv: () => longCsv((s, g, _r, cq) => (s === 'R3' && g === 'ABCC1' ? 'undetermined' : cq)),
      check: ({ analysis, fold }) => {
        expect(analysis.flags).toContain('target-undetermined:ABCC1');
        expect(fold.flags).toContain('target-undetermined');
        expect(fold.nSamples).toBe(2);
      },
    },
    {
      flag: 'efficiency outside 90–110 % (standard curve)',
      parameters: { efficiencySource: 'standard-curve' },
      csv: () => longCsv(undefined, {}, { GAPDH: { e: 2 }, ACTB: { e: 1.98 }, ABCC1: { e: 1.8 } }),
      check: ({ analysis, fold, result }) => {
        expect(analysis.flags).toContain('efficiency-out-of-range:ABCC1');
        expect(fold.flags).toContain('efficiency-out-of-range');
        const e = result.efficiencies.find((x) => x.gene === 'ABCC1')!;
        expect(e).toMatchObject({ accepted: false, flags: ['efficiency-out-of-range'] });
      },
    },
    {
      flag: 'standard curve R² below 0.98',
      parameters: { efficiencySource: 'standard-curve' },
      csv: () =>
        longCsv(
          undefined,
          {},
          { GAPDH: { e: 2 }, ACTB: { e: 1.98 }, ABCC1: { e: 2, scatter: 1.2 } },
        ),
      check: ({ analysis, result }) => {
        expect(analysis.flags).toContain('efficiency-out-of-range:ABCC1');
        const e = result.efficiencies.find((x) => x.gene === 'ABCC1')!;
        expect(e.accepted).toBe(false);
        expect(e.flags).toContain('low-r-squared');
      },
    },
    {
      flag: 'unstable reference gene (geNorm M above 1.5)',
      csv: () =>
        longCsv((s, g, _r, cq) =>
          g === 'ACTB' ? cq + [0, 2.5, -2, 3, -1.5, 1][SAMPLES.indexOf(s)] : cq,
        ),
      check: ({ analysis, fold }) => {
        expect(analysis.flags).toContain('reference-unstable:ACTB');
        expect(fold.flags).toContain('reference-unstable:ACTB');
      },
    },
  ];

  it.each(FLAGS)(
    'flag: $flag — raised on the stored analysis',
    async ({ csv, parameters, check }) => {
      const runId = await run(parameters);
      await importCsv(runId, csv());
      check(await stored(runId));
    },
  );

  it('none of those flags on the clean run (late NTC, curves in range included)', async () => {
    const runId = await run({ efficiencySource: 'standard-curve' });
    await importCsv(
      runId,
      longCsv(
        undefined,
        { GAPDH: 37.5 },
        { GAPDH: { e: 2 }, ACTB: { e: 1.98 }, ABCC1: { e: 1.96 } },
      ),
    );
    const { analysis, fold, result } = await stored(runId);
    expect(analysis.flags).toEqual([]);
    expect(fold.flags).toEqual([]);
    expect(result.samples.every((x) => x.flags.length === 0)).toBe(true);
    expect(result.efficiencies.every((e) => e.accepted && e.flags.length === 0)).toBe(true);
    expect(fold.foldChange).toBeCloseTo(4, 1);
  });
});
