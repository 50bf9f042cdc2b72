// The real qPCR exports of ../shared/fixtures/real-exports/qpcr, each read as its README row
// expects, with Cq values checked against the file's own text. Where a file holds something
// other than its description, the file wins and the case says what it holds.
import { readFileSync } from 'node:fs';

import { unzipSync } from 'fflate';

import { describeWithFixtures, fixturePath } from '../../../test/support/shared-fixtures';
import { parseQpcrExport } from './parse-qpcr-export';
import type { QpcrExportFormat, QpcrTask } from './qpcr-export';

interface Expected {
  format: QpcrExportFormat;
  runs: {
    name: string | null;
    plateSize: number;
    reactions: number;
    undetermined: number;
    tasks: Partial<Record<QpcrTask, number>>;
    targets: number;
  }[];
  /** Spot checks: well → [target, Cq text as written]. */
  spots: [string, string, string][];
}

const cases: [string, Expected][] = [
  [
    'rdml__sample.rdml',
    {
      format: 'rdml',
      runs: [
        {
          name: 'Run_1',
          plateSize: 96,
          reactions: 90,
          undetermined: 0,
          tasks: { unknown: 80, ntc: 10 },
          targets: 5,
        },
      ],
      spots: [
        ['A1', 'Exon 1', '23.2'],
        ['A11', 'Exon 1', '40'],
      ],
    },
  ],
  [
    // 210 reactions on a 384-well (16 × 24) plate; one Cq is −1.0 (RDML's "no Cq").
    'rdml__relative.rdml',
    {
      format: 'rdml',
      runs: [
        {
          name: 'Run Relative Quantification',
          plateSize: 384,
          reactions: 210,
          undetermined: 1,
          tasks: { unknown: 210 },
          // 7 targets declared; "empty" and "xxx" have no reaction.
          targets: 5,
        },
      ],
      spots: [['A1', 'SCX', '33.213']],
    },
  ],
  [
    // 576 reactions in two runs of 288; 22 Cq are −1.0.
    'rdml__two_plate_correction.rdml',
    {
      format: 'rdml',
      runs: [
        {
          name: 'Plate 1',
          plateSize: 384,
          reactions: 288,
          undetermined: -1,
          tasks: {},
          targets: 6,
        },
        {
          name: 'Plate 2',
          plateSize: 384,
          reactions: 288,
          undetermined: -1,
          tasks: {},
          targets: 6,
        },
      ],
      spots: [['A1', 'SCX', '30.386']],
    },
  ],
  [
    // The file is a 16-well excerpt of a 384-well run (its Results table has 16 rows, no
    // Undetermined); rows leave out their trailing empty cells, as QuantStudio writes them.
    'appbio_quantstudio__appbio_quantstudio_example01.txt',
    {
      format: 'quantstudio-text',
      runs: [
        {
          name: 'trial 1',
          plateSize: 384,
          reactions: 16,
          undetermined: 0,
          tasks: { unknown: 16 },
          targets: 1,
        },
      ],
      spots: [['A6', 'TARGET_1', '22.058']],
    },
  ],
  [
    'appbio_quantstudio__appbio_quantstudio_example04.txt',
    {
      format: 'quantstudio-text',
      runs: [
        {
          name: 'QuantStudio 96-Well Standard Curve Example',
          plateSize: 96,
          reactions: 95,
          undetermined: 4,
          tasks: { unknown: 71, standard: 20, ntc: 4 },
          targets: 1,
        },
      ],
      spots: [
        ['A1', 'RNase P', '27.102'],
        ['D1', 'RNase P', 'Undetermined'],
        ['D5', 'RNase P', '29.331'],
      ],
    },
  ],
  [
    // Multiplexed FAM + VIC with no target names: 24 wells × 2 dyes.
    'biorad_cfxmaestro__example01.csv',
    {
      format: 'cfx-csv',
      runs: [
        {
          name: null,
          plateSize: 96,
          reactions: 48,
          undetermined: 0,
          tasks: { unknown: 48 },
          targets: 1,
        },
      ],
      spots: [['A1', '', '21.1877528266099']],
    },
  ],
  [
    'biorad_cfx__CFX96_GAPDH-02-Quantification-Cq-Results.csv',
    {
      format: 'cfx-csv',
      runs: [
        {
          name: null,
          plateSize: 96,
          reactions: 96,
          undetermined: 0,
          tasks: { unknown: 96 },
          targets: 1,
        },
      ],
      spots: [['A1', 'Cg_GAPDH_205_F-355_R (SR IDs: 1172/3)', '24.8029352399534']],
    },
  ],
];

/** Every Cq-looking token of the file's text, for checking that each parsed Cq is written there. */
function fileText(name: string): string {
  const bytes = readFileSync(fixturePath('real-exports', 'qpcr', name));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return Buffer.from(unzipSync(bytes)['rdml_data.xml']).toString('utf8');
  }
  return bytes.toString('utf8');
}

describeWithFixtures('real qPCR exports (../shared/fixtures/real-exports/qpcr)', () => {
  it.each(cases)('%s imports as the README says', async (name, expected) => {
    const r = await parseQpcrExport(readFileSync(fixturePath('real-exports', 'qpcr', name)));
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    const v = r.value;
    expect(v.format).toBe(expected.format);
    expect(v.runs).toHaveLength(expected.runs.length);
    v.runs.forEach((run, i) => {
      const e = expected.runs[i];
      expect(run.name).toBe(e.name);
      expect(run.plateSize).toBe(e.plateSize);
      expect(run.reactions).toHaveLength(e.reactions);
      const und = run.reactions.filter((x) => x.cqStatus === 'undetermined');
      if (e.undetermined >= 0) expect(und).toHaveLength(e.undetermined);
      // Undetermined is never a number, and a number is the text of the file.
      for (const x of run.reactions) {
        if (x.cqStatus === 'undetermined') expect(x.cq).toBeNull();
        else expect(x.cq).toBe(Number(x.cqRaw));
      }
      for (const [task, n] of Object.entries(e.tasks)) {
        expect(run.reactions.filter((x) => x.task === task)).toHaveLength(n);
      }
      expect(new Set(run.reactions.map((x) => x.target)).size).toBe(e.targets);
    });
    const text = fileText(name);
    const all = v.runs.flatMap((run) => run.reactions);
    for (const x of all) expect(text).toContain(x.cqRaw);
    for (const [well, target, cqText] of expected.spots) {
      const x = all.find((y) => y.well === well && y.target === target);
      expect(x?.cqRaw).toBe(cqText);
    }
  });

  it('the two-plate RDML holds 22 reactions without a Cq (−1.0), kept as undetermined', async () => {
    const r = await parseQpcrExport(
      readFileSync(fixturePath('real-exports', 'qpcr', 'rdml__two_plate_correction.rdml')),
    );
    if (!r.ok) throw new Error('refused');
    const und = r.value.runs
      .flatMap((x) => x.reactions)
      .filter((x) => x.cqStatus === 'undetermined');
    expect(und).toHaveLength(22);
    expect(new Set(und.map((x) => x.cqRaw))).toEqual(new Set(['-1.0']));
  });

  it('QuantStudio standard-curve run keeps the standards quantities (1,250.000 → 1250)', async () => {
    const r = await parseQpcrExport(
      readFileSync(
        fixturePath('real-exports', 'qpcr', 'appbio_quantstudio__appbio_quantstudio_example04.txt'),
      ),
    );
    if (!r.ok) throw new Error('refused');
    const std = r.value.runs[0].reactions.filter((x) => x.task === 'standard');
    expect(std.find((x) => x.well === 'D5')).toMatchObject({
      quantity: 1250,
      quantityRaw: '1,250.000',
    });
    expect(std.every((x) => x.quantity !== null && x.quantity > 0)).toBe(true);
    expect(r.value.metadata['Instrument Type']).toBe('QuantStudio(TM) 7 Flex System');
    expect(r.value.metadata.Chemistry).toBe('TAQMAN');
  });
});
