/**
 * The real qPCR exports of ../shared/fixtures/real-exports/qpcr, each imported through the HTTP
 * API into its own run (target names mapped to a panel, sample names to the run's lines), and
 * every stored Cq checked against what the file writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseQpcrExport } from '../src/imports/qpcr/parse-qpcr-export';
import { describeWithFixtures, fixturePath } from './support/shared-fixtures';
import {
  api,
  bootQpcrWorld,
  postExport,
  qpcrRun,
  type Body,
  type QpcrWorld,
} from './support/qpcr-world';

describeWithFixtures('qPCR real exports through the API', () => {
  let w: QpcrWorld;
  beforeAll(async () => {
    w = await bootQpcrWorld();
  });
  afterAll(async () => {
    await w.t.close();
  });

  const dir = fixturePath('real-exports', 'qpcr');
  const files = readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort();

  it('holds the seven files of its README', () => {
    expect(files).toHaveLength(7);
  });

  it.each(files)('%s imports, every Cq as the file writes it', async (file) => {
    const bytes = readFileSync(`${dir}/${file}`);
    const parsed = await parseQpcrExport(bytes);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const reactions = parsed.value.runs.flatMap((r) =>
      // A file without target names is mapped by its dye (CFX Maestro example01).
      r.reactions.map((x) => ({ ...x, plate: r.name ?? '', name: x.target || (x.dye ?? '') })),
    );
    const targets = [...new Set(reactions.map((r) => r.name))].sort();
    const samples = [
      ...new Set(reactions.filter((r) => r.task === 'unknown').map((r) => r.sample)),
    ].sort();
    // Genes G1…Gn (the panel's pattern); one reference and at least one target.
    const genes = targets.map((_, k) => `G${k + 1}`);
    const runId = await qpcrRun(w, {
      referenceGenes: [genes[0]],
      targetGenes: genes.length > 1 ? genes.slice(1) : ['GX'],
    });
    await api(w.t, w.sam)
      .put(`/runs/${runId}/qpcr-names`, {
        targets: targets.map((name, k) => ({ name, gene: genes[k] })),
        samples: samples.map((name, k) => ({
          name,
          materialId: k % 2 === 0 ? w.parental : w.resistant,
        })),
      })
      .expect(200);
    const res = await postExport(w, runId, bytes, file).expect(201);
    expect(res.body).toMatchObject({
      outcome: 'imported',
      format: parsed.value.format,
      reactions: reactions.length,
      undetermined: reactions.filter((r) => r.cqStatus === 'undetermined').length,
    });
    const stored: Body[] = (
      await api(w.t, w.sam).get(`/runs/${runId}/qpcr-reactions?limit=2000`).expect(200)
    ).body.items;
    expect(stored).toHaveLength(reactions.length);
    const byKey = new Map(stored.map((r) => [`${r.plate}|${r.source}`, r]));
    for (const r of reactions) {
      const s = byKey.get(`${r.plate}|${r.source}`);
      expect(s).toMatchObject({ well: r.well, cqRaw: r.cqRaw, cqStatus: r.cqStatus, task: r.task });
      if (r.cqStatus === 'determined') expect(s?.cq).toBe(Number(r.cqRaw.trim()));
      else expect(s?.cq).toBeNull();
      if (r.quantity !== null) expect(s?.quantity).toBe(r.quantity);
    }
    expect(res.body.analysis.analysisId).toEqual(expect.any(String));
  });
});
