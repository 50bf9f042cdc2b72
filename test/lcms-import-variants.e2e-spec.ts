// LC-MS/MS exports as the quantitation programs really write them, through the HTTP import: a
// MultiQuant results table saved comma-separated (quoted fields kept whole).
import { api } from './support/plate-assays';
import { syntheticBatch, type UnknownConcentration } from './support/coculture-batch';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';

const ANALYTES = ['azathioprine', '6-MP'];
const UNKNOWNS: UnknownConcentration[] = [
  { barcode: 'V-1', analyte: 'azathioprine', micromolar: 42.5 },
  { barcode: 'V-1', analyte: '6-MP', micromolar: 3.25 },
  { barcode: 'V-2', analyte: 'azathioprine', micromolar: 7 },
];

/** The quantitation programs' names for the long CSV's types. */
const MULTIQUANT_TYPES: Record<string, string> = {
  calibrator: 'Standard',
  qc: 'Quality Control',
  blank: 'Double Blank',
  zero: 'Blank',
  unknown: 'Unknown',
};

function quote(cell: string): string {
  return /[",\n\t;]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * The synthetic long CSV as a MultiQuant results table with `delimiter` between fields: Sample
 * Name, Sample Type (MultiQuant's words), a Sample Comment, Component Name, Actual
 * Concentration, Area, IS Area.
 */
function asMultiquant(csv: string, delimiter: string, comment: (sample: string) => string): string {
  const rows = csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const out = [
    [
      'Sample Name',
      'Sample Type',
      'Sample Comment',
      'Component Name',
      'Actual Concentration',
      'Area',
      'IS Area',
    ].join(delimiter),
  ];
  for (const [sample, type, analyte, nominal, area, isArea] of rows) {
    out.push(
      [sample, MULTIQUANT_TYPES[type], comment(sample), analyte, nominal, area, isArea]
        .map(quote)
        .join(delimiter),
    );
  }
  return out.join('\r\n') + '\r\n';
}

describe('LC-MS/MS exports as written by the quantitation programs, through the API', () => {
  let w: LcmsWorld;
  let runId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const { aliquotId, donorId } = await donorWithAliquot(w, 'RA-V01', 'responder');
    runId = await lcmsRun(w, aliquotId, { analytes: ANALYTES });
    const cocRunId = await cocultureRun(w, [donorId], [aliquotId]);
    const c = await api(w.t, w.sam)
      .post('/coculture-cultures', {
        runId: cocRunId,
        name: 'V01 culture',
        condition: 'culture',
        aliquotId,
      })
      .expect(201);
    await api(w.t, w.sam)
      .post(`/coculture-cultures/${c.body.id}/samplings`, {
        timeHours: 0,
        chamberO2Ppm: 1,
        barcodes: ['V-1', 'V-2'],
      })
      .expect(201);
  }, 120_000);
  afterAll(() => w.t.close());

  const a = () => api(w.t, w.sam);

  async function newBatch(name: string, injections: Body[]): Promise<string> {
    const res = await a().post('/lcms-batches', {
      runId,
      name,
      instrument: 'QTRAP 6500+',
      injections,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  it('a MultiQuant results table saved comma-separated imports like the tab-separated one: quoted commas, quotes and line breaks stay inside their field', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const comment = (s: string) => (s === 'V-1' ? 'diluted, re-run\n"after" QC' : `batch 7, ${s}`);
    const comma = asMultiquant(csv, ',', comment);
    const tab = asMultiquant(csv, '\t', comment);
    expect(comma).toContain('"diluted, re-run\n""after"" QC"');
    const commaId = await newBatch('MultiQuant comma', injections);
    const tabId = await newBatch('MultiQuant tab', injections);
    const viaComma = await a().postText(`/lcms-batches/${commaId}/imports`, comma).expect(201);
    const viaTab = await a().postText(`/lcms-batches/${tabId}/imports`, tab).expect(201);
    expect(viaComma.body).toMatchObject({ format: 'multiquant', outcome: 'imported' });
    expect(viaComma.body.peaks).toBe(viaTab.body.peaks);
    expect(viaComma.body.missingAreas).toBe(viaTab.body.missingAreas);
    expect(viaComma.body.calibrations.map((c: Body) => [c.analyte, c.accepted, c.slope])).toEqual(
      viaTab.body.calibrations.map((c: Body) => [c.analyte, c.accepted, c.slope]),
    );
    const conc = (await a().get(`/lcms-concentrations?batchId=${commaId}`).expect(200)).body;
    const v1 = conc.items.find((c: Body) => c.injection === 'V-1' && c.analyte === 'azathioprine');
    expect(v1.concentration).toBeCloseTo(42.5, 9);
    const peaks = (await a().get(`/lcms-batches/${commaId}/peak-areas?limit=500`).expect(200)).body
      .items;
    // The line of V-1's second row counts the line break inside the comment above it.
    const v1Rows = peaks.filter((p: Body) => p.injection === 'V-1');
    expect(v1Rows.map((p: Body) => p.areaRaw)).toEqual(['425000', '32500']);
    expect(v1Rows[1].line - v1Rows[0].line).toBe(2);
  });
});
