// The synthetic long CSV of coculture-batch.ts rewritten as the quantitation programs write their
// exports (MultiQuant results table, MassHunter Quant wide table), for the import's e2e suites.

/** The quantitation programs' names for the long CSV's types. */
export const MULTIQUANT_TYPES: Record<string, string> = {
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
 * Concentration, Area, IS Area; with `dataFile`, a Data File column after the sample type (its
 * value for each row, given the sample and its place among the file's rows).
 */
export function asMultiquant(
  csv: string,
  delimiter: string,
  comment: (sample: string) => string,
  dataFile?: (sample: string, row: number) => string,
): string {
  const rows = csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const out = [
    [
      'Sample Name',
      'Sample Type',
      ...(dataFile ? ['Data File'] : []),
      'Sample Comment',
      'Component Name',
      'Actual Concentration',
      'Area',
      'IS Area',
    ].join(delimiter),
  ];
  rows.forEach(([sample, type, analyte, nominal, area, isArea], row) => {
    out.push(
      [
        sample,
        MULTIQUANT_TYPES[type],
        ...(dataFile ? [dataFile(sample, row)] : []),
        comment(sample),
        analyte,
        nominal,
        area,
        isArea,
      ]
        .map(quote)
        .join(delimiter),
    );
  });
  return out.join('\r\n') + '\r\n';
}

interface LongRow {
  sample: string;
  type: string;
  analyte: string;
  nominal: string;
  area: string;
  isArea: string;
}

function longRows(csv: string): LongRow[] {
  return csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [sample, type, analyte, nominal, area, isArea] = l.split(',');
      return { sample, type, analyte, nominal, area, isArea };
    });
}

export const MASSHUNTER_TYPES: Record<string, string> = {
  calibrator: 'Cal',
  qc: 'QC',
  blank: 'DoubleBlank',
  zero: 'Blank',
  unknown: 'Sample',
};

/**
 * The synthetic long CSV as a MassHunter Quant wide table (two header rows, an `AZA-d3 (IS)`
 * group holding the internal standard's area), each injection with its own data file and the
 * Type `type` gives it; `before` adds injections (name, Type, azathioprine area) at the start.
 */
export function asMasshunter(
  csv: string,
  analytes: string[],
  type: (sample: string, longType: string) => string,
  before: { name: string; type: string; area: string }[] = [],
): string {
  const rows = longRows(csv);
  const samples = [...new Set(rows.map((r) => r.sample))];
  const compounds = [...analytes, 'AZA-d3 (IS)'];
  const out = [
    ['Sample', '', '', '', '', ...compounds.flatMap((c) => [`${c} Results`, ''])].join(','),
    [
      '',
      'Name',
      'Data File',
      'Type',
      'Level',
      ...compounds.flatMap(() => ['Exp. Conc.', 'Area']),
    ].join(','),
  ];
  let n = 0;
  const file = (name: string) => `${String(++n).padStart(3, '0')}_${name}.d`;
  for (const b of before) {
    const areas = compounds.map((c) =>
      c === analytes[0] ? b.area : c.endsWith('(IS)') ? '1000000' : '',
    );
    out.push(['', b.name, file(b.name), b.type, '', ...areas.flatMap((x) => ['', x])].join(','));
  }
  for (const s of samples) {
    const of = rows.filter((r) => r.sample === s);
    const cells = analytes.flatMap((a) => {
      const r = of.find((x) => x.analyte === a)!;
      return [r.nominal, r.area === 'N/A' ? '' : r.area];
    });
    out.push(['', s, file(s), type(s, of[0].type), '', ...cells, '', of[0].isArea].join(','));
  }
  return out.join('\r\n') + '\r\n';
}
