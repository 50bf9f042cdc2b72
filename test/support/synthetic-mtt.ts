/**
 * A self-contained MTT plate for suites that need a real import and analysis but not the
 * reference answers of ../shared/fixtures: the same 96-well layout as the reference plate
 * (column 1 blank, 2–3 vehicle, 4–12 a 2-fold 6-TG series; parental rows A–C, resistant D–F;
 * row G positive controls; row H empty) and a long-table reading at 570/650 nm made from two
 * log-logistic curves. `variant` changes the last digit of one value, so each variant is other
 * content (not a duplicate of another import).
 */
const CONCENTRATIONS_UM = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

export function syntheticPlateMap(): string {
  const lines = ['well,role,line,concentration_uM,replicate'];
  for (let r = 0; r < 8; r++) {
    const row = String.fromCharCode(65 + r);
    const line = r < 3 ? 'parental' : r < 6 ? 'resistant' : '';
    for (let c = 1; c <= 12; c++) {
      const well = `${row}${c}`;
      if (row === 'H') lines.push(`${well},empty,,,`);
      else if (row === 'G') lines.push(`${well},positive,${c <= 6 ? 'parental' : 'resistant'},0,`);
      else if (c === 1) lines.push(`${well},blank,,0,`);
      else if (c <= 3) lines.push(`${well},vehicle,${line},0,${line}-veh`);
      else {
        const conc = CONCENTRATIONS_UM[c - 4];
        lines.push(`${well},treated,${line},${conc},${line}-${conc}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** LL.4 absorbance: d + (c − d) / (1 + exp(b (ln x − ln e))), c the floor, d the top. */
function ll4(x: number, e: number): number {
  const b = 1.6;
  const c = 0.12;
  const d = 1.35;
  return c + (d - c) / (1 + Math.exp(b * (Math.log(x) - Math.log(e))));
}

export function syntheticReading(variant = 0): string {
  const lines = ['well,role,line,concentration_uM,a570,a650'];
  // A small deterministic wobble so replicates differ (a pure curve has zero variance).
  const wobble = (r: number, c: number) => 1 + 0.02 * Math.sin(7 * r + 3 * c);
  for (let r = 0; r < 8; r++) {
    const row = String.fromCharCode(65 + r);
    const line = r < 3 ? 'parental' : r < 6 ? 'resistant' : '';
    const ic50 = r < 3 ? 4 : 40;
    for (let c = 1; c <= 12; c++) {
      const well = `${row}${c}`;
      let role: string;
      let conc = 0;
      let a570: number;
      if (row === 'H') {
        role = 'empty';
        a570 = 0.05;
      } else if (row === 'G') {
        role = 'positive';
        a570 = 0.1 * wobble(r, c);
      } else if (c === 1) {
        role = 'blank';
        a570 = 0.09 * wobble(r, c);
      } else if (c <= 3) {
        role = 'vehicle';
        a570 = 1.4 * wobble(r, c);
      } else {
        role = 'treated';
        conc = CONCENTRATIONS_UM[c - 4];
        a570 = ll4(conc, ic50) * wobble(r, c);
      }
      const a650 = 0.04;
      let v = a570.toFixed(4);
      if (variant > 0 && well === 'A4') v = (a570 + variant / 10_000).toFixed(4);
      const lineName = role === 'positive' ? (c <= 6 ? 'parental' : 'resistant') : line;
      lines.push(`${well},${role},${role === 'blank' ? '' : lineName},${conc},${v},${a650}`);
    }
  }
  return lines.join('\n') + '\n';
}
