// The real instrument exports of ../shared/fixtures/real-exports/plates, each read as its README
// row expects: imported (plates, channels, statuses as the file holds them, every value equal to
// the file's text) or refused with the stated reason. Where the file differs from its
// description, the file wins and the case says what it holds.
import { readFileSync } from 'node:fs';

import { describeWithFixtures, fixturePath } from '../../../test/support/shared-fixtures';
import { parsePlateExport } from './parse-plate-reading';
import type { ParsedPlate, ValueStatus } from '../../analysis/plate/plate-reading';

interface Imported {
  format: string;
  encoding: string;
  plates: {
    name: string;
    barcode?: string;
    plateSize: 96 | 384;
    channels: string[];
    values: number;
    statuses?: Partial<Record<ValueStatus, number>>;
  }[];
  skipped?: number;
}

interface Refused {
  code: string;
  /** Parts of the message the lab must read. */
  says: string[];
}

const cases: [string, Imported | Refused][] = [
  [
    'gen5__010307_114129_BNCH654563_stdcurve_singleplate01.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [{ name: 'Plate 1', plateSize: 96, channels: ['630'], values: 96 }],
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
        {
          name: 'Plate 1',
          plateSize: 96,
          channels: ['450'],
          values: 96,
          statuses: { ok: 83, overflow: 8, missing: 5 },
        },
      ],
    },
  ],
  [
    'gen5__endpoint_pathlength_correct_singleplate.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        {
          name: 'Plate 1',
          plateSize: 96,
          channels: ['977', '900', '260', '280', '230'],
          values: 480,
        },
      ],
      skipped: 10,
    },
  ],
  [
    'gen5__endpoint_stdcurve_multiplate.txt',
    {
      format: 'gen5',
      encoding: 'utf-16le',
      plates: ['Plate 1', 'Plate 2', 'Plate 3'].map((name) => ({
        name,
        plateSize: 96 as const,
        channels: ['630'],
        values: 96,
      })),
      skipped: 6,
    },
  ],
  [
    'gen5__kinetic_singleplate.txt',
    {
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 6 time points at 450 nm', 'export the endpoint'],
    },
  ],
  [
    'gen5__endpoint_singleplate.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        { name: 'Plate 1', plateSize: 96, channels: ['ex360/em460', 'ex485/em528'], values: 192 },
      ],
      skipped: 4,
    },
  ],
  [
    'gen5__multiple_read_modes.txt',
    {
      format: 'gen5',
      encoding: 'utf-8',
      plates: [
        {
          name: 'Plate 1',
          plateSize: 96,
          channels: ['600', 'ex579/em616', 'ex479/em520'],
          values: 288,
        },
      ],
    },
  ],
  [
    'softmax__MD_SMP_absorbance_endpoint_example01.txt',
    {
      format: 'softmax',
      encoding: 'utf-16le',
      plates: ['Plate01', 'Plate02'].map((name) => ({
        name,
        plateSize: 96 as const,
        channels: ['450'],
        values: 96,
      })),
      skipped: 4,
    },
  ],
  [
    'softmax__MD_SMP_absorbance_endpoint_example02.txt',
    {
      format: 'softmax',
      encoding: 'utf-16le',
      plates: ['Plate01', 'Plate02'].map((name) => ({
        name,
        plateSize: 96 as const,
        channels: ['450'],
        values: 96,
      })),
      skipped: 4,
    },
  ],
  [
    'softmax__softmaxpro_example_group_with_missing_calc_column.txt',
    {
      format: 'softmax',
      encoding: 'utf-8',
      plates: [{ name: 'Plate01', plateSize: 96, channels: ['450', '650'], values: 192 }],
      skipped: 3,
    },
  ],
  [
    'softmax__softmaxpro_example_reduced.txt',
    {
      format: 'softmax',
      encoding: 'utf-8',
      plates: [{ name: 'Plate1', plateSize: 96, channels: ['450-650'], values: 96 }],
      skipped: 5,
    },
  ],
  [
    'softmax__spectramax340_kinetic_partial_plate.txt',
    {
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 3 time points at 405 nm', 'endpoint'],
    },
  ],
  [
    'softmax__multi-plate-block_non-unique_plate_ID.txt',
    { code: 'DUPLICATE_PLATE', says: ['line 2 and line 14', '"Plate01"'] },
  ],
  [
    'bmg_mars__BMG_Labtech_format.csv',
    {
      format: 'bmg-mars',
      encoding: 'utf-8',
      plates: [
        {
          name: 'Plate 1',
          barcode: 'xxxxxxxxxxxxx',
          plateSize: 96,
          channels: ['450'],
          values: 96,
        },
      ],
    },
  ],
  [
    'bmg_mars__PHERAstar_output_file.csv',
    {
      format: 'bmg-mars',
      encoding: 'utf-8',
      plates: [
        {
          name: '20260618 dsRNA _PLATE_01_18Jun26',
          barcode: '20260618 dsRNA _PLATE_01_18Jun26',
          plateSize: 96,
          channels: ['450'],
          values: 96,
        },
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
          channels: ['562'],
          values: 384,
        },
        {
          name: '8/22/2023 10:57:39 AM',
          barcode: '8/22/2023 10:57:39 AM',
          plateSize: 384,
          channels: ['lum'],
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
        {
          name: 'V-2020-10-26 16:16:17',
          barcode: 'V-2020-10-26 16:16:17',
          plateSize: 96,
          channels: ['450'],
          values: 96,
        },
      ],
      skipped: 1,
    },
  ],
  [
    'multiskan__multiskan_spectrum_1500.txt',
    {
      code: 'UNSUPPORTED_READ_TYPE',
      says: ['kinetic read of 31 iterations at 340 nm', 'endpoint'],
    },
  ],
  [
    // The workbook holds an endpoint read at 450 nm and calculated sheets (skipped).
    'thermo_skanit__skanit_data.xlsx',
    {
      format: 'skanit',
      encoding: 'xlsx',
      plates: [{ name: 'Plate 1', plateSize: 96, channels: ['450'], values: 96 }],
      skipped: 3,
    },
  ],
  [
    'tecan_magellan__SLA01P01_OD.xlsx',
    {
      format: 'magellan',
      encoding: 'xlsx',
      plates: [
        { name: '96WEL008', barcode: '96WEL008', plateSize: 96, channels: ['595'], values: 96 },
      ],
    },
  ],
];

function statusCounts(p: ParsedPlate): Partial<Record<ValueStatus, number>> {
  const out: Partial<Record<ValueStatus, number>> = {};
  for (const v of p.values) out[v.status] = (out[v.status] ?? 0) + 1;
  return out;
}

describeWithFixtures('real plate-reader exports (../shared/fixtures/real-exports/plates)', () => {
  it.each(cases)('%s', async (file, expected) => {
    const bytes = readFileSync(fixturePath('real-exports', 'plates', file));
    const result = await parsePlateExport(bytes, { filename: file });
    if ('code' in expected) {
      if (result.ok) throw new Error(`${file} was imported; expected ${expected.code}`);
      expect(result.problems.map((p) => p.code)).toContain(expected.code);
      const message = result.problems.find((p) => p.code === expected.code)!.message;
      for (const part of expected.says) expect(message).toContain(part);
      return;
    }
    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5), null, 2));
    const { file: parsed } = result;
    expect([parsed.format, parsed.encoding]).toEqual([expected.format, expected.encoding]);
    expect(parsed.plates.map((p) => p.block.name)).toEqual(expected.plates.map((p) => p.name));
    expected.plates.forEach((want, k) => {
      const plate = parsed.plates[k];
      expect(plate.plateSize).toBe(want.plateSize);
      expect(plate.channels.map((c) => c.key)).toEqual(want.channels);
      expect(plate.values).toHaveLength(want.values);
      if (want.barcode) expect(plate.metadata.barcode).toBe(want.barcode);
      expect(statusCounts(plate)).toEqual(want.statuses ?? { ok: want.values });
      for (const v of plate.values) {
        if (v.status === 'ok') expect(v.value).toBe(Number(v.raw.trim()));
        else expect(v.value === null || v.status === 'flagged').toBe(true);
      }
    });
    expect(parsed.skipped).toHaveLength(expected.skipped ?? 0);
  });
});
