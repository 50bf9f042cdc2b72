// What a lab expects of each real plate-reader export in ../shared/fixtures/real-exports/plates
// (its README's table, made exact by reading the files): imported, with every plate, channel and
// status the file holds, or refused with the stated reason. One table for every path that reads
// these files: the parsers (src/imports/plate-readers/real-exports.spec.ts), the HTTP upload
// (test/real-plate-exports.e2e-spec.ts) and the folder watcher (test/watch-real-exports.e2e-spec.ts).
// Where a file differs from its README row, the file wins and the case says what it holds.
import type { ValueStatus } from '../../src/analysis/plate/plate-reading';
import { approvedVersionId, bearer, createParentalLine } from './runs-fixtures';
import type { TestApp } from './test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the planned plate's assay reads: an absorbance layout, or a run of a protocol. */
export type Assay =
  | { measurementNm: number; referenceNm?: 650 | null }
  | { protocol: 'resazurin-viability' | 'atp-luminescence-viability'; parameters?: Body };

export interface ExpectedPlate {
  /** The plate block's name in the file. */
  name: string;
  /** The barcode the file itself carries for this plate, if any. */
  barcode?: string;
  plateSize: 96 | 384;
  /** What the plate planned for this block reads. */
  assay: Assay;
  channels: string[];
  /** The channel the analysis uses with that assay. */
  analysed: string;
  values: number;
  statuses?: Partial<Record<ValueStatus, number>>;
}

export interface ExpectedImport {
  format: string;
  encoding: string;
  plates: ExpectedPlate[];
  /** Blocks the file holds that are not readings (calculations, curves): skipped, each named. */
  skipped?: number;
  /** The gain every fluorescence channel keeps. */
  gain?: string;
}

export interface ExpectedRefusal {
  code: string;
  /** Parts of the message the lab must read. */
  says: string[];
  /** The plate the file is sent for (a refusal of the file, whatever the plate). */
  assay: Assay;
}

export type RealExportExpectation = ExpectedImport | ExpectedRefusal;

export const isRefusal = (e: RealExportExpectation): e is ExpectedRefusal => 'code' in e;

const abs = (measurementNm: number, referenceNm: 650 | null = null): Assay => ({
  measurementNm,
  referenceNm,
});

/** A 96-well plate read as the file reads it, analysed on `analysed` (default: the first channel). */
const plate96 = (
  name: string,
  assay: Assay,
  channels: string[],
  rest: Partial<ExpectedPlate> = {},
): ExpectedPlate => ({
  name,
  plateSize: 96,
  assay,
  channels,
  analysed: channels[0],
  values: 96 * channels.length,
  ...rest,
});

export const REAL_PLATE_EXPORTS: [file: string, expected: RealExportExpectation][] = [
  [
    'gen5__010307_114129_BNCH654563_stdcurve_singleplate01.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [plate96('Plate 1', abs(630), ['630'])],
      skipped: 2,
    },
  ],
  [
    // The README counts 13 OVRFLW wells; the file holds 8 OVRFLW and 5 MISSED.
    'gen5__240411_172731_BNCH2345883_abs450_96well_non_numeric_values.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        plate96('Plate 1', abs(450), ['450'], { statuses: { ok: 83, overflow: 8, missing: 5 } }),
      ],
    },
  ],
  [
    'gen5__endpoint_pathlength_correct_singleplate.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        plate96('Plate 1', abs(260), ['977', '900', '260', '280', '230'], { analysed: '260' }),
      ],
      skipped: 10,
    },
  ],
  [
    'gen5__endpoint_stdcurve_multiplate.txt',
    {
      format: 'gen5',
      encoding: 'utf-16le',
      plates: ['Plate 1', 'Plate 2', 'Plate 3'].map((name) => plate96(name, abs(630), ['630'])),
      skipped: 6,
    },
  ],
  [
    'gen5__kinetic_singleplate.txt',
    {
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 6 time points at 450 nm', 'export the endpoint'],
      assay: abs(450),
    },
  ],
  [
    'gen5__endpoint_singleplate.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        plate96(
          'Plate 1',
          {
            protocol: 'resazurin-viability',
            parameters: { excitationWavelengthNm: 485, emissionWavelengthNm: 528 },
          },
          ['ex360/em460', 'ex485/em528'],
          { analysed: 'ex485/em528' },
        ),
      ],
      skipped: 4,
      gain: '35',
    },
  ],
  [
    'gen5__multiple_read_modes.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [plate96('Plate 1', abs(600), ['600', 'ex579/em616', 'ex479/em520'])],
    },
  ],
  [
    'softmax__MD_SMP_absorbance_endpoint_example01.txt',
    {
      format: 'softmax',
      encoding: 'utf-16le',
      plates: ['Plate01', 'Plate02'].map((name) => plate96(name, abs(450), ['450'])),
      skipped: 4,
    },
  ],
  [
    // The TimeFormat export of the same two plates: their second reading.
    'softmax__MD_SMP_absorbance_endpoint_example02.txt',
    {
      format: 'softmax',
      encoding: 'utf-16le',
      plates: ['Plate01', 'Plate02'].map((name) => plate96(name, abs(450), ['450'])),
      skipped: 4,
    },
  ],
  [
    'softmax__softmaxpro_example_group_with_missing_calc_column.txt',
    {
      format: 'softmax',
      encoding: 'utf-8',
      plates: [plate96('Plate01', abs(450, 650), ['450', '650'])],
      skipped: 3,
    },
  ],
  [
    'softmax__softmaxpro_example_reduced.txt',
    {
      format: 'softmax',
      encoding: 'utf-8',
      plates: [plate96('Plate1', abs(450, 650), ['450-650'])],
      skipped: 5,
    },
  ],
  [
    'softmax__spectramax340_kinetic_partial_plate.txt',
    {
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 3 time points at 405 nm', 'endpoint'],
      assay: abs(450),
    },
  ],
  [
    'softmax__multi-plate-block_non-unique_plate_ID.txt',
    { code: 'DUPLICATE_PLATE', says: ['line 2 and line 14', '"Plate01"'], assay: abs(450) },
  ],
  [
    'bmg_mars__BMG_Labtech_format.csv',
    {
      format: 'bmg-mars',
      encoding: 'utf-8',
      plates: [plate96('Plate 1', abs(450), ['450'], { barcode: 'xxxxxxxxxxxxx' })],
    },
  ],
  [
    'bmg_mars__PHERAstar_output_file.csv',
    {
      format: 'bmg-mars',
      encoding: 'utf-8',
      plates: [
        plate96('20260618 dsRNA _PLATE_01_18Jun26', abs(450), ['450'], {
          barcode: '20260618 dsRNA _PLATE_01_18Jun26',
        }),
      ],
    },
  ],
  [
    // Plate 1 is a BCA absorbance read at 562 nm; plate 2 an AlphaScreen read (luminescence) and
    // a crosstalk calculation (skipped). Both are 384-well plates with virtual barcodes.
    'envision__PE_Envision_absorbance_example01.csv',
    {
      format: 'envision',
      encoding: 'utf-8',
      plates: [
        {
          name: '8/22/2023 10:50:28 AM',
          barcode: '8/22/2023 10:50:28 AM',
          plateSize: 384,
          assay: abs(562),
          channels: ['562'],
          analysed: '562',
          values: 384,
        },
        {
          name: '8/22/2023 10:57:39 AM',
          barcode: '8/22/2023 10:57:39 AM',
          plateSize: 384,
          assay: { protocol: 'atp-luminescence-viability' },
          channels: ['lum'],
          analysed: 'lum',
          values: 384,
        },
      ],
      skipped: 1,
    },
  ],
  [
    'kaleido__absorbance_endpoint_single_plate_example_01.csv',
    {
      format: 'kaleido',
      encoding: 'utf-8',
      plates: [
        plate96('V-2020-10-26 16:16:17', abs(450), ['450'], { barcode: 'V-2020-10-26 16:16:17' }),
      ],
      skipped: 1,
    },
  ],
  [
    'multiskan__multiskan_spectrum_1500.txt',
    {
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 31 iterations at 340 nm', 'endpoint'],
      assay: abs(340),
    },
  ],
  [
    // The workbook holds an endpoint read at 450 nm and calculated sheets (skipped).
    'thermo_skanit__skanit_data.xlsx',
    {
      format: 'skanit',
      encoding: 'xlsx',
      plates: [plate96('Plate 1', abs(450), ['450'])],
      skipped: 3,
    },
  ],
  [
    'tecan_magellan__SLA01P01_OD.xlsx',
    {
      format: 'magellan',
      encoding: 'xlsx',
      plates: [plate96('96WEL008', abs(595), ['595'], { barcode: '96WEL008' })],
    },
  ],
];

/** A full layout's wells: column 1 blank, the rest vehicle (no material needed). */
export function fullLayoutWells(size: 96 | 384): { well: string; role: string }[] {
  const wells: { well: string; role: string }[] = [];
  for (let r = 0; r < (size === 96 ? 8 : 16); r++) {
    for (let c = 1; c <= (size === 96 ? 12 : 24); c++) {
      wells.push({
        well: `${String.fromCharCode(65 + r)}${c}`,
        role: c === 1 ? 'blank' : 'vehicle',
      });
    }
  }
  return wells;
}

/**
 * Plans the plates the real exports are read into, through the API as a scientist would: one
 * layout per plate size and wavelengths, one started run per protocol and parameters, and each
 * plate once per barcode (a later file of the same plates reads into the same ones).
 */
export class RealExportPlanner {
  private readonly layouts = new Map<string, string>();
  private readonly runs = new Map<string, string>();
  private readonly byBarcode = new Map<string, string>();
  private lineId: string | undefined;

  constructor(
    private readonly t: TestApp,
    private readonly key: string,
  ) {}

  async layoutFor(size: 96 | 384, measurementNm: number, referenceNm: number | null) {
    const key = `${size}:${measurementNm}:${referenceNm}`;
    if (!this.layouts.has(key)) {
      const res = await this.t
        .http()
        .post('/api/v1/plate-layouts')
        .set(bearer(this.key))
        .send({
          name: `real ${key}`,
          plateSize: size,
          measurementWavelengthNm: measurementNm,
          referenceWavelengthNm: referenceNm,
          wells: fullLayoutWells(size),
        })
        .expect(201);
      this.layouts.set(key, res.body.id);
    }
    return this.layouts.get(key) as string;
  }

  private async runFor(protocol: string, parameters: Body = {}): Promise<string> {
    const key = `${protocol}:${JSON.stringify(parameters)}`;
    if (!this.runs.has(key)) {
      const versionId = await approvedVersionId(this.t, protocol, this.key);
      this.lineId ??= await createParentalLine(this.t, this.key, 'HIG-82 real exports');
      const run = await this.t
        .http()
        .post('/api/v1/runs')
        .set(bearer(this.key))
        .send({
          protocolVersionId: versionId,
          title: `${protocol} real export`,
          parameters,
          materials: [{ materialId: this.lineId, role: 'cell-lines' }],
        });
      if (run.status !== 201) throw new Error(JSON.stringify(run.body));
      await this.t
        .http()
        .post(`/api/v1/runs/${run.body.id}/start`)
        .set(bearer(this.key))
        .send({})
        .expect(200);
      this.runs.set(key, run.body.id);
    }
    return this.runs.get(key) as string;
  }

  /** A planned plate (its id) for `assay`; with a barcode, the one plate of that barcode. */
  async plate(size: 96 | 384, assay: Assay, barcode?: string): Promise<string> {
    const known = barcode === undefined ? undefined : this.byBarcode.get(barcode);
    if (known) return known;
    const body: Body = {};
    if ('protocol' in assay) {
      body.layoutId = await this.layoutFor(size, 570, null);
      body.runId = await this.runFor(assay.protocol, assay.parameters);
    } else {
      body.layoutId = await this.layoutFor(size, assay.measurementNm, assay.referenceNm ?? null);
    }
    if (barcode !== undefined) body.barcode = barcode;
    const res = await this.t
      .http()
      .post('/api/v1/plates')
      .set(bearer(this.key))
      .send(body)
      .expect(201);
    if (barcode !== undefined) this.byBarcode.set(barcode, res.body.id);
    return res.body.id as string;
  }
}

/** How many values have each status. */
export function statusCounts(values: { status: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v.status] = (out[v.status] ?? 0) + 1;
  return out;
}

/** Every value as the file writes it: a number equal to its text, or a status without one. */
export function expectValuesAsWritten(
  values: { status: string; value: number | null; raw: string }[],
): void {
  for (const v of values) {
    if (v.status === 'ok') expect(v.value).toBe(Number(String(v.raw).trim()));
    else expect(v.value === null || v.status === 'flagged').toBe(true);
  }
}

/**
 * The stored reading of a plate (GET /plates/:id/wells) holds what the file holds for its block:
 * every value with its channel, status and raw text.
 */
export async function expectStoredReading(
  t: TestApp,
  key: string,
  plateId: string,
  readingId: string,
  want: ExpectedPlate,
): Promise<void> {
  const wells = (
    await t
      .http()
      .get(`/api/v1/plates/${plateId}/wells`)
      .query({ readingId })
      .set(bearer(key))
      .expect(200)
  ).body;
  expect(wells.readingId).toBe(readingId);
  const values = (wells.wells as Body[]).flatMap((w) => w.values as Body[]);
  expect(values).toHaveLength(want.values);
  expect(new Set(values.map((v) => v.channel))).toEqual(new Set(want.channels));
  expect(statusCounts(values as { status: string }[])).toEqual(
    want.statuses ?? { ok: want.values },
  );
  expectValuesAsWritten(values as { status: string; value: number | null; raw: string }[]);
}
