/**
 * qPCR benchmark (`npm run bench:qpcr [-- --runs=20 --plates=20 --warmup=4]`): boots the real app
 * in-process on a fresh database (SQLite, or PostgreSQL when DATABASE_URL names a server) and,
 * through the HTTP API, times 384-well qPCR runs: per run, the import of one export (parse, map
 * names, store 384 reactions, analyse: standard curves of 7 genes, replicates, NTCs, geNorm,
 * Pfaffl/qBase, Welch) alternately as RDML (bare XML, no amplification curves) and as the
 * QuantStudio text export. Between runs, in the same process, it plans and feeds 384-well MTT plates (import,
 * analysis, fits). Prints runs/s and p50/p99 of each and the ratio (issue 16's goal: a 384-well
 * qPCR run costs no more than twice a 384-well MTT plate), in wall time and in this process's CPU time. Sequential requests; prints figures,
 * asserts nothing.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { approvedVersion, bootBenchServer, intArg, markWindow } from './bench-server';
import {
  closeClients,
  freshDatabase,
  must,
  quantile,
  request,
  setUpWorld,
  type Json,
} from './bench-world';
import { benchPlateFile, benchPlateMap, mulberry32 } from './mtt-bench-plate';

const REFS = ['GAPDH', 'ACTB', 'B2M'];
const TARGETS = ['ABCC1', 'ABCG2', 'ABCC4', 'ABCC5'];
const GENES = [...REFS, ...TARGETS];
const SAMPLES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6'];
const STANDARDS = [1000, 250, 62.5, 15.625, 3.90625];
const ROWS = 'ABCDEFGHIJKLMNOP';

interface Reaction {
  well: string;
  position: number;
  sample: string;
  gene: string;
  task: 'unknown' | 'standard' | 'ntc' | 'no-rt';
  quantity: number | null;
  cq: number | null;
}

/**
 * One 384-well run: 12 samples × 7 genes × 3 replicates (252), 5-point standard curves of every
 * gene in triplicate (105), 3 NTCs per gene (21) and 6 no-RT controls: 384 reactions. Resistant
 * samples express ABCC1 and ABCC4 four- and two-fold more; Cq noise ≈ 0.08 cycles.
 */
function runReactions(seed: number): Reaction[] {
  const u = mulberry32(seed);
  const noise = () => (u() - 0.5) * 0.16;
  const out: Reaction[] = [];
  const add = (r: Omit<Reaction, 'well' | 'position'>) => {
    const i = out.length;
    out.push({ ...r, well: `${ROWS[Math.floor(i / 24)]}${(i % 24) + 1}`, position: i + 1 });
  };
  const base: Record<string, number> = {
    GAPDH: 18,
    ACTB: 19,
    B2M: 21.5,
    ABCC1: 26,
    ABCG2: 27,
    ABCC4: 28,
    ABCC5: 27.5,
  };
  for (const sample of SAMPLES) {
    const bio = (u() - 0.5) * 0.3;
    for (const gene of GENES) {
      const up = sample.startsWith('R') ? (gene === 'ABCC1' ? 2 : gene === 'ABCC4' ? 1 : 0) : 0;
      for (let k = 0; k < 3; k++) {
        add({
          sample,
          gene,
          task: 'unknown',
          quantity: null,
          cq: base[gene] + bio - up + noise(),
        });
      }
    }
  }
  for (const gene of GENES) {
    for (const q of STANDARDS) {
      for (let k = 0; k < 3; k++) {
        add({
          sample: `STD_${q}`,
          gene,
          task: 'standard',
          quantity: q,
          cq: base[gene] - 2 - 3.35 * Math.log10(q / 62.5) + noise(),
        });
      }
    }
    for (let k = 0; k < 3; k++) add({ sample: 'NTC', gene, task: 'ntc', quantity: null, cq: null });
  }
  for (let k = 0; k < 6; k++) {
    add({
      sample: `P${k + 1}`,
      gene: 'GAPDH',
      task: 'no-rt',
      quantity: null,
      cq: k < 3 ? null : 38.2,
    });
  }
  return out;
}

const cqText = (cq: number | null) => (cq === null ? 'Undetermined' : cq.toFixed(3));

function quantStudioText(name: string, reactions: Reaction[]): string {
  const task = { unknown: 'UNKNOWN', standard: 'STANDARD', ntc: 'NTC', 'no-rt': 'NTC' } as const;
  const head = [
    '* Block Type = 384-Well Block',
    '* Chemistry = SYBR_GREEN',
    `* Experiment Name = ${name}`,
    '* Instrument Type = QuantStudio(TM) 7 Flex System',
    '',
    '[Results]',
    [
      'Well',
      'Well Position',
      'Omit',
      'Sample Name',
      'Target Name',
      'Task',
      'Reporter',
      'CT',
      'Quantity',
    ].join('\t'),
  ];
  const rows = reactions.map((r) =>
    [
      r.position,
      r.well,
      'false',
      r.task === 'no-rt' ? `${r.sample}-noRT` : r.sample,
      r.gene,
      task[r.task],
      'SYBR',
      cqText(r.cq),
      r.quantity === null ? '' : r.quantity.toFixed(3),
    ].join('\t'),
  );
  return [...head, ...rows, ''].join('\n');
}

function rdmlXml(name: string, reactions: Reaction[]): string {
  const type = { unknown: 'unkn', standard: 'std', ntc: 'ntc', 'no-rt': 'nrt' } as const;
  const samples = new Map<string, Reaction>();
  for (const r of reactions) samples.set(r.task === 'no-rt' ? `${r.sample}-noRT` : r.sample, r);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rdml xmlns="http://www.rdml.org" version="1.2">',
  ];
  for (const [id, r] of samples) {
    const q =
      r.quantity === null
        ? ''
        : `<quantity><value>${r.quantity}</value><unit>other</unit></quantity>`;
    xml.push(`<sample id="${id}"><type>${type[r.task]}</type>${q}</sample>`);
  }
  for (const g of GENES) {
    xml.push(
      `<target id="${g}"><type>${REFS.includes(g) ? 'ref' : 'toi'}</type><dyeId id="SYBR"/></target>`,
    );
  }
  xml.push('<dye id="SYBR"/>');
  xml.push(
    `<experiment id="bench"><run id="${name}"><pcrFormat><rows>16</rows><columns>24</columns><rowLabel>ABC</rowLabel><columnLabel>123</columnLabel></pcrFormat>`,
  );
  for (const r of reactions) {
    const sid = r.task === 'no-rt' ? `${r.sample}-noRT` : r.sample;
    xml.push(
      `<react id="${r.position}"><sample id="${sid}"/><data><tar id="${r.gene}"/><cq>${r.cq === null ? '-1.0' : r.cq.toFixed(3)}</cq></data></react>`,
    );
  }
  xml.push('</run></experiment></rdml>');
  return xml.join('\n');
}

/** CPU milliseconds (user + system) of this process since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

async function main(): Promise<void> {
  const runs = intArg('runs', 20, 500);
  const plates = intArg('plates', 20, 2000);
  // Untimed rounds first (as bench:ingest does), so that neither format is timed while V8 still
  // compiles its path: the first RDML run used to be timed cold.
  const warmup = intArg('warmup', 4, 100);
  const db = await freshDatabase('qpcr-bench');
  const server = await bootBenchServer(db.env);
  try {
    const w = await setUpWorld(server.url, server.adminKey, 'QB');
    const sci = w.sci.key;
    const call = (method: string, path: string, body?: unknown, type?: string) =>
      request(server.url, sci, method, path, body, type);
    const qpcrVersion = await approvedVersion(server.url, sci, 'qpcr-expression');
    const layout384 = await must(
      call('POST', '/plate-layouts/import', {
        name: 'QB MTT 384',
        plateSize: 384,
        referenceWavelengthNm: 650,
        csv: benchPlateMap(384),
        materials: { parental: 'QB-P', resistant: 'QB-R' },
      }),
      'layout 384',
    );
    const mttRun = await must(
      call('POST', '/runs', {
        protocolVersionId: w.mttVersionId,
        title: 'bench MTT 384',
        materials: [
          { materialId: w.parentalId, role: 'cell-lines' },
          { materialId: w.resistantId, role: 'cell-lines' },
        ],
      }),
      'mtt run',
    );
    await must(call('POST', `/runs/${mttRun.id}/start`, {}), 'start');
    const plateMs: number[] = [];
    const plateCpuMs: number[] = [];
    let platesDone = 0;
    /** Plans (untimed) and feeds (timed unless warming up) one 384-well MTT plate. */
    const onePlate = async (timed = true) => {
      const p = platesDone++;
      const barcode = `QB-MTT-${p}`;
      await must(
        call('POST', '/plates', { layoutId: layout384.id, barcode, runId: mttRun.id }),
        'plate',
      );
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await must(
        request(
          server.url,
          w.reader.key,
          'POST',
          '/instrument-feeds',
          benchPlateFile(384, barcode, p + 1),
          'text/csv',
        ),
        'feed',
      );
      if (!timed) return;
      markWindow('plate', t0);
      plateMs.push(performance.now() - t0);
      plateCpuMs.push(cpuMs(c0));
    };
    const rdmlMs: number[] = [];
    const qsMs: number[] = [];
    const rdmlCpuMs: number[] = [];
    const qsCpuMs: number[] = [];
    let method = '';
    for (let k = -2 * warmup; k < runs; k++) {
      const timed = k >= 0;
      const run = await must(
        call('POST', '/runs', {
          protocolVersionId: qpcrVersion,
          title: `bench qPCR ${k}`,
          materials: [
            { materialId: w.parentalId, role: 'cell-lines' },
            { materialId: w.resistantId, role: 'cell-lines' },
          ],
        }),
        'run',
      );
      await must(call('POST', `/runs/${run.id}/start`, {}), 'start');
      await must(
        call('PUT', `/runs/${run.id}/qpcr-names`, {
          samples: SAMPLES.map((name) => ({
            name,
            materialId: name.startsWith('P') ? w.parentalId : w.resistantId,
          })),
        }),
        'names',
      );
      const reactions = runReactions(timed ? k + 1 : 1000 - k);
      const asRdml = (k + 2 * warmup) % 2 === 0;
      const body = asRdml
        ? rdmlXml(`bench run ${k}`, reactions)
        : quantStudioText(`bench run ${k}`, reactions);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const report = await must(
        call('POST', `/runs/${run.id}/qpcr-imports`, body, 'text/plain'),
        'qPCR import',
      );
      const ms = performance.now() - t0;
      const cpu = cpuMs(c0);
      if (report.reactions !== 384)
        throw new Error(`run ${k}: ${String(report.reactions)} reactions`);
      if (!timed) {
        await onePlate(false);
        continue;
      }
      markWindow(asRdml ? 'rdml' : 'quantstudio', t0);
      method = String((report.analysis as Json).quantificationMethod);
      (asRdml ? rdmlMs : qsMs).push(ms);
      (asRdml ? rdmlCpuMs : qsCpuMs).push(cpu);
      // Plates between runs: both kinds run with the same JIT state, database size and load.
      while (plateMs.length < Math.round(((k + 1) * plates) / runs)) await onePlate();
    }
    const row = (what: string, ms: number[]) => {
      const total = ms.reduce((a, b) => a + b, 0);
      return `${what.padEnd(46)} ${String(ms.length).padStart(5)}  ${((1000 * ms.length) / total).toFixed(2).padStart(8)}/s  p50 ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms  p99 ${quantile(ms, 0.99).toFixed(1).padStart(7)} ms`;
    };
    const all = [...rdmlMs, ...qsMs];
    const median = (ms: number[]) => quantile(ms, 0.5);
    process.stdout.write(
      [
        `bench:qpcr on ${db.engine}, ${cpus().length} cores, load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; analysis ${method}`,
        row('qPCR 384-well run, RDML (import + analysis)', rdmlMs),
        row('qPCR 384-well run, QuantStudio text', qsMs),
        row('MTT 384-well plate (feed + analysis)', plateMs),
        `qPCR run / MTT plate (medians): ${(median(all) / median(plateMs)).toFixed(2)} (goal ≤ 2)`,
        `CPU of this process (client and server) per run, RDML / QuantStudio / per plate (medians): ${median(rdmlCpuMs).toFixed(1)} / ${median(qsCpuMs).toFixed(1)} / ${median(plateCpuMs).toFixed(1)} ms = ${(median(rdmlCpuMs) / median(plateCpuMs)).toFixed(2)} / ${(median(qsCpuMs) / median(plateCpuMs)).toFixed(2)} (less sensitive to other load on the machine)`,
        '',
      ].join('\n'),
    );
  } finally {
    closeClients();
    await server.close();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
