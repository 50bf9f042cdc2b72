/**
 * LC-MS/MS benchmark (`npm run bench:lcms [-- --batches=20 --plates=40 --warmup=2]`): boots the real app
 * in-process on a fresh database (SQLite, or PostgreSQL when DATABASE_URL names a server),
 * listening on 127.0.0.1, and through the HTTP API: per batch, records a co-culture run's 11
 * cultures × 7 timepoints (77 barcoded samples, untimed), then times the batch itself: the
 * injection list (9 calibrators, the blank after the top one, 9 QCs, 77 unknowns: 96
 * injections) and the long-CSV import of 5 analytes (parse, map, store, calibrate, ICH M10,
 * carry-over, concentrations, and the kinetics of the 11 cultures that the import recomputes). Between batches, in the same
 * process, it plans and feeds `plates` 96-well MTT plates in all (import, analysis, fits) for scale. Prints
 * batches/s and p50/p99 of each, and the ratio (issue 17's goal: a batch costs at most twice a
 * 96-well MTT plate), in wall time and in this process's CPU time (the latter moves less when
 * other jobs load the machine), and the minor page faults of each with what a fault costs on
 * the machine. Sequential requests; prints figures, asserts nothing.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  closeClients,
  freshDatabase,
  must,
  quantile,
  request,
  setUpWorld,
  type Json,
} from './bench-world';
import { approvedVersion, bootBenchServer, intArg as arg } from './bench-server';
import { benchPlateFile } from './mtt-bench-plate';
import { markWindow } from './bench-server';

const ANALYTES = ['azathioprine', '6-MP', '6-TG', '6-MMP', '6-TUA'];
const CAL = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 50, 100];
const QC: [string, number][] = [
  ['QC-L', 0.03],
  ['QC-M', 20],
  ['QC-H', 80],
];
const TIMES = [0, 1, 2, 4, 8, 24, 48];
const CULTURES = 11;

/** Minor page faults of this process so far: first touches of memory it had not used. */
function pageFaults(): number {
  return process.resourceUsage().minorPageFault;
}

/**
 * What a minor page fault costs on this machine, in µs: 64 MB of fresh memory touched once per
 * 4 KB page. It differs several-fold between machines of one kind, and on SQLite a batch takes
 * about five times a plate's faults (its page cache grows with each new page of the new
 * database), so it moves the ratio from machine to machine (docs/performance.md, 2026-12-08).
 */
function pageFaultMicros(): number {
  const bytes = 64 * 1024 * 1024;
  const fresh = Buffer.allocUnsafeSlow(bytes);
  const f0 = pageFaults();
  const t0 = performance.now();
  for (let i = 0; i < bytes; i += 4096) fresh[i] = 1;
  const ms = performance.now() - t0;
  const n = pageFaults() - f0;
  return n > 0 ? (1000 * ms) / n : Number.NaN;
}

/** CPU milliseconds (user + system) of this process since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** A long CSV whose calibration is exact (area ∝ nominal) and its 96-injection list. */
function batchFile(tag: string, k: number[]): { csv: string; injections: Json[] } {
  const lines = ['sample,type,analyte,nominal,area,is_area'];
  const injections: Json[] = [];
  const area = (c: number) => String(Math.round(c * 1e4 * 1e4) / 1e4);
  CAL.forEach((lv, i) => {
    injections.push({ name: `CAL${i + 1}`, type: 'calibrator', nominal: lv });
    for (const a of ANALYTES) lines.push(`CAL${i + 1},calibrator,${a},${lv},${area(lv)},1000000`);
  });
  injections.push({ name: 'BLANK', type: 'blank' });
  for (const a of ANALYTES) lines.push(`BLANK,blank,${a},,,`);
  for (const [level, nominal] of QC) {
    for (let r = 1; r <= 3; r++) {
      injections.push({ name: `${level}-${r}`, type: 'qc', qcLevel: level, nominal });
      for (const a of ANALYTES)
        lines.push(
          `${level}-${r},qc,${a},${nominal},${area(nominal * (1 + 0.01 * (r - 2)))},1000000`,
        );
    }
  }
  for (let c = 0; c < CULTURES; c++) {
    for (const t of TIMES) {
      const name = `${tag}-C${c}-T${t}`;
      injections.push({ name, type: 'unknown', sampleBarcode: name });
      ANALYTES.forEach((a, i) => {
        const conc =
          i === 0 ? 50 * Math.exp(-k[c] * t) : 15 * (1 - Math.exp(-0.1 * t)) * (1 + 0.1 * i);
        lines.push(`${name},unknown,${a},,${area(conc)},1000000`);
      });
    }
  }
  return { csv: lines.join('\n') + '\n', injections };
}

async function main(): Promise<void> {
  const batches = arg('batches', 20, 500);
  const plates = arg('plates', 40, 2000);
  // Untimed rounds first (as bench:ingest does), so that no batch or plate is timed while V8
  // still compiles its path: the first batches used to be timed cold.
  const warmup = arg('warmup', 2, 50);
  const db = await freshDatabase('lcms-bench');
  const server = await bootBenchServer(db.env);
  try {
    const w = await setUpWorld(server.url, server.adminKey, 'LB');
    const sci = w.sci.key;
    const call = (method: string, path: string, body?: unknown, type?: string) =>
      request(server.url, sci, method, path, body, type);
    const donor = await must(
      call('POST', '/materials/donors', {
        code: 'BENCH-D1',
        condition: 'RA',
        responderStatus: 'responder',
        samplingTimepoint: 'pre-azathioprine',
        consentReference: 'BENCH',
      }),
      'donor',
    );
    const fecal = await must(
      call('POST', '/materials/fecal-samples', {
        parentId: donor.id,
        collectedAt: '2026-06-01T08:00:00Z',
        location: 'bench',
      }),
      'fecal',
    );
    const aliquots = await must(
      call('POST', `/materials/${fecal.id}/aliquots`, { aliquots: [{ volumeMicrolitres: 500 }] }),
      'aliquots',
    );
    const aliquotId = ((aliquots.items ?? aliquots.aliquots ?? aliquots) as Json[])[0].id as string;
    const culturedMaterial = await must(
      call('POST', '/materials/bacterial-cultures', {
        parentId: aliquotId,
        name: 'bench culture',
        medium: 'mGAM',
        atmosphere: 'N2/CO2/H2 85/10/5',
      }),
      'culture',
    );
    const started = async (protocol: string, materials: Json[]) => {
      const run = await must(
        call('POST', '/runs', {
          protocolVersionId: await approvedVersion(server.url, sci, protocol),
          title: `bench ${protocol}`,
          materials,
        }),
        'run',
      );
      await must(call('POST', `/runs/${run.id}/start`, {}), 'start');
      return run.id as string;
    };
    const lcmsRun = await started('lcms-quantification', [
      { materialId: culturedMaterial.id, role: 'samples' },
    ]);
    const mttRun = await started('mtt-viability', [
      { materialId: w.parentalId, role: 'cell-lines' },
      { materialId: w.resistantId, role: 'cell-lines' },
    ]);
    const plateMs: number[] = [];
    const plateCpuMs: number[] = [];
    const plateFaults: number[] = [];
    let platesDone = 0;
    /** Plans and feeds one MTT plate, timed unless warming up. */
    const onePlate = async (timed = true) => {
      const p = platesDone++;
      const barcode = `LB-MTT-${p}`;
      const f0 = pageFaults();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await must(
        request(server.url, sci, 'POST', '/plates', {
          layoutId: w.layoutId,
          barcode,
          runId: mttRun,
        }),
        'plate',
      );
      await must(
        request(
          server.url,
          w.reader.key,
          'POST',
          '/instrument-feeds',
          benchPlateFile(96, barcode, p + 1),
          'text/csv',
        ),
        'feed',
      );
      if (!timed) return;
      markWindow('plate', t0);
      plateMs.push(performance.now() - t0);
      plateCpuMs.push(cpuMs(c0));
      plateFaults.push(pageFaults() - f0);
    };
    const importMs: number[] = [];
    const batchMs: number[] = [];
    const batchCpuMs: number[] = [];
    const batchFaults: number[] = [];
    const phaseCpuMs = { list: [] as number[], import: [] as number[] };
    for (let b = -warmup; b < batches; b++) {
      const timed = b >= 0;
      const tag = timed ? `B${b}` : `W${-b}`;
      const cocRun = await started('anaerobic-coculture', [
        { materialId: donor.id, role: 'donors' },
        { materialId: aliquotId, role: 'fecal-aliquots' },
      ]);
      const k: number[] = [];
      for (let c = 0; c < CULTURES; c++) {
        k.push(0.02 + 0.01 * c);
        const culture = await must(
          call('POST', '/coculture-cultures', {
            runId: cocRun,
            name: `${tag} culture ${c}`,
            condition: 'culture',
            aliquotId,
          }),
          'culture',
        );
        for (const t of TIMES)
          await must(
            call('POST', `/coculture-cultures/${culture.id}/samplings`, {
              timeHours: t,
              chamberO2Ppm: 1,
              barcodes: [`${tag}-C${c}-T${t}`],
            }),
            'sampling',
          );
      }
      const { csv, injections } = batchFile(tag, k);
      const f0 = pageFaults();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const batch = await must(
        call('POST', '/lcms-batches', {
          runId: lcmsRun,
          name: `bench ${tag}`,
          instrument: 'bench',
          analytes: ANALYTES,
          injections,
        }),
        'batch',
      );
      const t1 = performance.now();
      const listCpu = cpuMs(c0);
      const c1 = process.cpuUsage();
      const imported = await must(
        call('POST', `/lcms-batches/${batch.id}/imports`, csv, 'text/csv'),
        'import',
      );
      if (!(imported.calibrations as Json[]).every((c) => c.accepted))
        throw new Error(`batch ${tag} not accepted`);
      // The import recomputes the co-culture run's kinetics in its transaction.
      const recomputed = (imported.recomputed as Json[] | undefined) ?? [];
      if (
        recomputed.length !== 1 ||
        recomputed[0].status !== 'recomputed' ||
        recomputed[0].total !== CULTURES * ANALYTES.length
      )
        throw new Error(`batch ${tag}: kinetics not recomputed: ${JSON.stringify(recomputed)}`);
      const t2 = performance.now();
      const batchCpu = cpuMs(c0);
      const faults = pageFaults() - f0;
      const importCpu = cpuMs(c1);
      if (!timed) {
        for (let i = 0; i < Math.max(1, Math.round(plates / batches)); i++) await onePlate(false);
        continue;
      }
      markWindow('list', t0, t1);
      markWindow('import', t1, t2);
      phaseCpuMs.list.push(listCpu);
      phaseCpuMs.import.push(importCpu);
      batchCpuMs.push(batchCpu);
      batchFaults.push(faults);
      importMs.push(t2 - t1);
      batchMs.push(t2 - t0);
      // Plates between batches: both kinds run with the same JIT state, database size and load.
      while (plateMs.length < Math.round(((b + 1) * plates) / batches)) await onePlate();
    }
    const row = (what: string, ms: number[]) => {
      const total = ms.reduce((a, b) => a + b, 0);
      return `${what.padEnd(44)} ${String(ms.length).padStart(5)}  ${((1000 * ms.length) / total).toFixed(2).padStart(8)}/s  p50 ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms  p99 ${quantile(ms, 0.99).toFixed(1).padStart(7)} ms`;
    };
    const median = (ms: number[]) => quantile(ms, 0.5);
    const faultUs = pageFaultMicros();
    const faultsP50 = (n: number[]) => Math.round(median(n));
    process.stdout.write(
      [
        `bench:lcms on ${db.engine}, ${cpus().length} cores, load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
        row('LC-MS/MS batch (list + import)', batchMs),
        row('  import: 96 inj. × 5 analytes, kinetics', importMs),
        row('MTT 96-well plate (plan + feed + analysis)', plateMs),
        `batch / plate (medians): ${(median(batchMs) / median(plateMs)).toFixed(2)} (goal ≤ 2)`,
        `CPU of this process (client and server) per batch / per plate (medians): ${median(batchCpuMs).toFixed(1)} / ${median(plateCpuMs).toFixed(1)} ms = ${(median(batchCpuMs) / median(plateCpuMs)).toFixed(2)} (less sensitive to other load on the machine)`,
        `  CPU medians of the batch's parts: list ${median(phaseCpuMs.list).toFixed(1)} ms, import with kinetics ${median(phaseCpuMs.import).toFixed(1)} ms`,
        `minor page faults per batch / per plate (medians): ${faultsP50(batchFaults)} / ${faultsP50(plateFaults)}, at ${faultUs.toFixed(1)} µs each on this machine ≈ ${((faultsP50(batchFaults) * faultUs) / 1000).toFixed(2)} / ${((faultsP50(plateFaults) * faultUs) / 1000).toFixed(2)} ms`,
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
