/**
 * A small qPCR long CSV (`well,sample,target,cq,task,quantity`) written from known numbers, for
 * the web pages' tests (they do not need ../shared): standard curves per gene (five 4-fold levels
 * in triplicate, slope −3.32 cycles per decade, about 100 % efficient), three parental (P1–P3) and
 * three resistant (R1–R3) samples in triplicate, and one undetermined NTC per gene. The resistant
 * samples' targets sit `shiftCycles` earlier (more mRNA), so their fold is near 2^shift.
 */
export function syntheticQpcrCsv(
  opts: { references?: string[]; targets?: string[]; shiftCycles?: number } = {},
): string {
  const references = opts.references ?? ['GAPDH', 'ACTB'];
  const targets = opts.targets ?? ['ABCC1', 'ABCC4'];
  const shift = opts.shiftCycles ?? 2;
  const genes = [...references, ...targets];
  const rows = ['well,sample,target,cq,task,quantity'];
  let n = 0;
  const well = () => {
    const w = `${'ABCDEFGHIJKLMNOP'[Math.floor(n / 24)]}${(n % 24) + 1}`;
    n++;
    return w;
  };
  // A fixed ±0.06-cycle pattern of technical noise (no randomness: the test knows its input).
  const jitter = (i: number) => [0.04, -0.05, 0.01, -0.02, 0.06, -0.03][i % 6];
  genes.forEach((gene, g) => {
    const base = 18 + 2 * g;
    for (const q of [1000, 250, 62.5, 15.625, 3.90625]) {
      for (let r = 0; r < 3; r++) {
        const cq = base + 5 - 3.32 * Math.log10(q) + jitter(r + g);
        rows.push([well(), `STD_${q}`, gene, cq.toFixed(3), 'STANDARD', String(q)].join(','));
      }
    }
    for (const [sample, group] of [
      ['P1', 0],
      ['P2', 0],
      ['P3', 0],
      ['R1', 1],
      ['R2', 1],
      ['R3', 1],
    ] as const) {
      const s = Number(sample[1]);
      const earlier = group === 1 && targets.includes(gene) ? shift : 0;
      for (let r = 0; r < 3; r++) {
        const cq = base + 4 - earlier + 0.1 * s + jitter(r + s + g);
        rows.push([well(), sample, gene, cq.toFixed(3), 'UNKNOWN', ''].join(','));
      }
    }
    rows.push([well(), 'NTC', gene, 'Undetermined', 'NTC', ''].join(','));
  });
  return rows.join('\n') + '\n';
}

/** The name map of that file: P1–P3 are the parental line, R1–R3 the resistant population. */
export function syntheticQpcrNames(parental: string, resistant: string) {
  return {
    samples: [
      ...['P1', 'P2', 'P3'].map((name) => ({ name, materialId: parental })),
      ...['R1', 'R2', 'R3'].map((name) => ({ name, materialId: resistant })),
    ],
  };
}
