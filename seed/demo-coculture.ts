import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import Papa from 'papaparse';
import { DataSource } from 'typeorm';
import { CocultureCulture } from '../src/assays/coculture/coculture-culture.entity';
import { CocultureRecordsService } from '../src/assays/coculture/coculture-records.service';
import { CreateCultureDto, CreateSamplingDto } from '../src/assays/coculture/dto/coculture.dto';
import { ComparisonQueryDto } from '../src/assays/coculture/dto/kinetics.dto';
import { KineticsService } from '../src/assays/coculture/kinetics.service';
import { CreateBatchDto } from '../src/assays/lcms/dto/lcms.dto';
import { LcmsBatch } from '../src/assays/lcms/lcms-batch.entity';
import { LcmsBatchesService } from '../src/assays/lcms/lcms-batches.service';
import { LcmsImportService } from '../src/assays/lcms/lcms-import.service';
import type { Actor } from '../src/common/auth/roles';
import { CreateAliquotsDto } from '../src/materials/dto/create-aliquots.dto';
import { CreateBacterialCultureDto } from '../src/materials/dto/create-bacterial-culture.dto';
import { CreateDonorDto } from '../src/materials/dto/create-donor.dto';
import { CreateFecalSampleDto } from '../src/materials/dto/create-fecal-sample.dto';
import { Material } from '../src/materials/material.entity';
import { SamplesService } from '../src/materials/samples.service';
import { CreateRunDto } from '../src/runs/dto/create-run.dto';
import { RunTransitionsService } from '../src/runs/run-transitions.service';
import { Run } from '../src/runs/run.entity';
import { RunsService } from '../src/runs/runs.service';
import { demoDataDir, sig, type Dto } from './demo-assays';

/** The co-culture's cultures: code, donor barcode (null: the abiotic control), condition. */
const CULTURES: [code: string, donor: string | null, aliquot: string | null][] = [
  ['ABIO', null, null],
  ['RA-D001', 'DEMO-DON-001', 'DEMO-FA-001-02'],
  ['RA-D003', 'DEMO-DON-003', 'DEMO-FA-003-01'],
  ['RA-D002', 'DEMO-DON-002', 'DEMO-FA-002-02'],
  ['RA-D004', 'DEMO-DON-004', 'DEMO-FA-004-01'],
];
const TIMES = [0, 2, 4, 8, 24, 48];
const ANALYTES = ['azathioprine', '6-MP', '6-TUA'];
export const COCULTURE_RUN = 'Demo: four-donor anaerobic co-culture with azathioprine 50 µM';
export const LCMS_RUN = 'Demo: LC-MS/MS of the four-donor co-culture';
/** Batch name, file stem (seed/data/lcms/), whether ICH M10 should accept it. */
const BATCHES: [name: string, file: string, accepted: boolean][] = [
  ['2025-02-03 A (QC-M and QC-H standards degraded)', 'batch-A-rejected', false],
  ['2025-02-04 B (re-injection with fresh QCs)', 'batch-B-accepted', true],
];

export interface CocultureCounts {
  materialsCreated: number;
  runsCreated: number;
  batchesImported: number;
  resultsRecorded: number;
}

export interface CocultureDemo {
  comparison: string;
}

/**
 * The co-culture demo: two more donors (one responder, one non-responder) beside the two of the
 * materials seed, a started co-culture of the four donors' aliquots with an abiotic control
 * (medium + azathioprine) sampled at 0–48 h in duplicate, an LC-MS/MS run with a rejected batch
 * (degraded QC standards) and its accepted re-injection from seed/data/lcms/, the degradation
 * kinetics and the responder vs non-responder comparison. Skipped when the co-culture run exists.
 */
export async function seedCoculture(
  app: INestApplicationContext,
  actor: Actor,
  approvedVersion: (key: string) => Promise<string>,
  counts: CocultureCounts,
  dto: Dto,
): Promise<CocultureDemo> {
  const ds = app.get(DataSource);
  const kinetics = app.get(KineticsService);
  if (!(await ds.getRepository(Run).findOneBy({ title: COCULTURE_RUN }))) {
    const ids = await seedDonors(app, actor, counts, dto);
    const cocRun = await startedRun(app, actor, approvedVersion, counts, dto, {
      protocol: 'anaerobic-coculture',
      title: COCULTURE_RUN,
      materials: [
        ...CULTURES.filter(([, d]) => d).map(([, d]) => ({ materialId: ids[d!], role: 'donors' })),
        ...CULTURES.filter(([, , a]) => a).map(([, , a]) => ({
          materialId: ids[a!],
          role: 'fecal-aliquots',
        })),
      ],
    });
    await seedCultures(app, actor, cocRun, ids, dto);
    const lcmsRun = await startedRun(app, actor, approvedVersion, counts, dto, {
      protocol: 'lcms-quantification',
      title: LCMS_RUN,
      materials: ['DEMO-BC-001', 'DEMO-BC-002', 'DEMO-BC-004', 'DEMO-BC-005'].map((b) => ({
        materialId: ids[b],
        role: 'samples',
      })),
    });
    await seedBatches(app, actor, lcmsRun, counts, dto);
    await kinetics.compute(actor, cocRun);
    counts.resultsRecorded++;
  }
  const c = await kinetics.comparison(dto(ComparisonQueryDto, {}));
  const group = (g: typeof c.responders) =>
    `median k ${sig(g.medianRateConstantPerHour)} /h (t½ ${sig(g.medianHalfLifeHours)} h, n = ${g.n})`;
  return {
    comparison:
      `Co-culture: azathioprine loss in non-responders ${group(c.nonResponders)} vs responders ` +
      `${group(c.responders)}` +
      (c.test && typeof c.test.pValue === 'number'
        ? `, Mann–Whitney p = ${sig(c.test.pValue)}.`
        : `; no test: ${c.reason ?? 'not compared'}.`),
  };
}

async function seedDonors(
  app: INestApplicationContext,
  actor: Actor,
  counts: { materialsCreated: number },
  dto: Dto,
): Promise<Record<string, string>> {
  const repo = app.get(DataSource).getRepository(Material);
  const samples = app.get(SamplesService);
  const ids: Record<string, string> = {};
  const ensure = async (barcode: string, create: () => Promise<{ id: string }>) => {
    const found = await repo.findOneBy({ barcode });
    ids[barcode] = found ? found.id : (await create()).id;
    if (!found) counts.materialsCreated++;
  };
  const donors: [string, string, 'responder' | 'non-responder'][] = [
    ['003', 'RA-D003', 'responder'],
    ['004', 'RA-D004', 'non-responder'],
  ];
  for (const [n, code, responderStatus] of donors) {
    await ensure(`DEMO-DON-${n}`, () =>
      samples.createDonor(
        actor,
        dto(CreateDonorDto, {
          code,
          barcode: `DEMO-DON-${n}`,
          condition: 'RA',
          responderStatus,
          samplingTimepoint: 'pre-azathioprine',
          consentReference: `ETH-2024-031/C${n.slice(1)}`,
        }),
      ),
    );
    await ensure(`DEMO-FS-${n}`, () =>
      samples.createFecalSample(
        actor,
        dto(CreateFecalSampleDto, {
          parentId: ids[`DEMO-DON-${n}`],
          barcode: `DEMO-FS-${n}`,
          collectedAt: '2025-01-27T07:30:00Z',
          location: 'Freezer -80 #2, rack 1, box 5',
          massGrams: 3.8,
        }),
      ),
    );
    if (!(await repo.findOneBy({ barcode: `DEMO-FA-${n}-01` }))) {
      await samples.createAliquots(
        actor,
        ids[`DEMO-FS-${n}`],
        dto(CreateAliquotsDto, {
          aliquots: [{ barcode: `DEMO-FA-${n}-01`, volumeMicrolitres: 250 }],
        }),
      );
      counts.materialsCreated++;
    }
  }
  for (const barcode of [
    'DEMO-DON-001',
    'DEMO-DON-002',
    'DEMO-FA-001-02',
    'DEMO-FA-002-02',
    'DEMO-FA-003-01',
    'DEMO-FA-004-01',
    'DEMO-BC-001',
    'DEMO-BC-002',
  ])
    ids[barcode] = (await repo.findOneByOrFail({ barcode })).id;
  for (const [n, aliquot, code] of [
    ['004', 'DEMO-FA-003-01', 'RA-D003'],
    ['005', 'DEMO-FA-004-01', 'RA-D004'],
  ]) {
    await ensure(`DEMO-BC-${n}`, () =>
      samples.createBacterialCulture(
        actor,
        dto(CreateBacterialCultureDto, {
          parentId: ids[aliquot],
          barcode: `DEMO-BC-${n}`,
          name: `${code} GAM culture 1`,
          medium: 'mGAM',
          atmosphere: 'N2/CO2/H2 85/10/5',
        }),
      ),
    );
  }
  return ids;
}

async function startedRun(
  app: INestApplicationContext,
  actor: Actor,
  approvedVersion: (key: string) => Promise<string>,
  counts: { runsCreated: number },
  dto: Dto,
  spec: { protocol: string; title: string; materials: { materialId: string; role: string }[] },
): Promise<string> {
  const run = await app.get(RunsService).create(
    actor,
    dto(CreateRunDto, {
      protocolVersionId: await approvedVersion(spec.protocol),
      title: spec.title,
      materials: spec.materials,
      plannedStartAt: '2025-01-28T08:00:00Z',
    }),
  );
  counts.runsCreated++;
  await app.get(RunTransitionsService).transition(actor, run.id, 'start', {});
  return run.id;
}

/** The abiotic control, then each donor's culture against it; six samplings in duplicate each. */
async function seedCultures(
  app: INestApplicationContext,
  actor: Actor,
  runId: string,
  ids: Record<string, string>,
  dto: Dto,
): Promise<void> {
  const records = app.get(CocultureRecordsService);
  const ds = app.get(DataSource);
  let abioticId: string | undefined;
  for (const [code, , aliquot] of CULTURES) {
    const culture = await records.createCulture(
      actor,
      dto(CreateCultureDto, {
        runId,
        name: aliquot ? `${code} + azathioprine` : 'Abiotic control: mGAM + azathioprine',
        condition: aliquot ? 'culture' : 'abiotic',
        ...(aliquot ? { aliquotId: ids[aliquot], abioticControlId: abioticId } : {}),
        drug: 'azathioprine',
        drugStartConcentration: 50,
        drugConcentrationUnit: 'µM',
      }),
    );
    if (!aliquot) abioticId = culture.id;
    for (const t of TIMES) {
      await records.addSampling(
        actor,
        culture.id,
        dto(CreateSamplingDto, {
          timeHours: t,
          chamberO2Ppm: [0.4, 0.5, 0.6][t % 3],
          barcodes: [1, 2].map((r) => `DEMO-CC4-${code}-${t}H-${r}`),
        }),
      );
    }
  }
  if ((await ds.getRepository(CocultureCulture).countBy({ runId })) !== CULTURES.length)
    throw new Error('demo co-culture: not every culture was recorded');
}

/** Both batches from seed/data/lcms/: the worklist becomes the injection list, then the import. */
async function seedBatches(
  app: INestApplicationContext,
  actor: Actor,
  runId: string,
  counts: CocultureCounts,
  dto: Dto,
): Promise<void> {
  const batches = app.get(LcmsBatchesService);
  const imports = app.get(LcmsImportService);
  const ds = app.get(DataSource);
  for (const [name, file, accepted] of BATCHES) {
    if (await ds.getRepository(LcmsBatch).findOneBy({ runId, name })) continue;
    const read = (suffix: string) => readFileSync(join(demoDataDir(), 'lcms', `${file}${suffix}`));
    const worklist = Papa.parse<Record<string, string>>(read('-worklist.csv').toString('utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const batch = await batches.create(
      actor,
      dto(CreateBatchDto, {
        runId,
        name,
        instrument: 'Sciex QTRAP 6500+',
        analytes: ANALYTES,
        injections: worklist.map((w) => ({
          name: w.name,
          type: w.type,
          ...(w.nominal ? { nominal: Number(w.nominal) } : {}),
          ...(w.qc_level ? { qcLevel: w.qc_level } : {}),
          ...(w.sample_barcode ? { sampleBarcode: w.sample_barcode } : {}),
        })),
      }),
    );
    const { report } = await imports.import(actor, batch.id, read('.csv'), {
      dryRun: false,
      filename: `${file}.csv`,
    });
    const ok = report.calibrations.every((c) => c.accepted);
    if (ok !== accepted)
      throw new Error(
        `demo LC-MS/MS batch ${name}: expected ${accepted ? 'accepted' : 'rejected'}, got ${JSON.stringify(report.calibrations.map((c) => [c.analyte, c.accepted, c.failedRules]))}`,
      );
    counts.batchesImported++;
  }
}
