// The demo dataset, loaded through the same services (and the same DTO validation) as the API,
// so every demo record is validated, audited and signed like real data. Idempotent: users are
// found by username, materials by barcode and runs by title, and a run that exists is only
// moved on to the state the demo wants; a second run adds nothing. The demo users' keys are
// issued last, once everything else is stored, so a seed that fails midway leaves no key that
// nobody saw (seed-demo.ts also runs SQLite seeds on a copy, swapped in only when all is done).
import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiKey } from '../src/auth/api-key.entity';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { User } from '../src/auth/user.entity';
import { UsersService } from '../src/auth/users.service';
import type { Actor, Role } from '../src/common/auth/roles';
import { UnitOfWork } from '../src/common/database/unit-of-work.service';
import { CellLinesService } from '../src/materials/cell-lines.service';
import { CreateAliquotsDto } from '../src/materials/dto/create-aliquots.dto';
import { CreateBacterialCultureDto } from '../src/materials/dto/create-bacterial-culture.dto';
import { CreateCellLineDto } from '../src/materials/dto/create-cell-line.dto';
import { CreateCryoStockDto } from '../src/materials/dto/create-cryo-stock.dto';
import { CreateDonorDto } from '../src/materials/dto/create-donor.dto';
import { CreateFecalSampleDto } from '../src/materials/dto/create-fecal-sample.dto';
import { Material } from '../src/materials/material.entity';
import { SamplesService } from '../src/materials/samples.service';
import { ProtocolVersion } from '../src/protocols/protocol-version.entity';
import { AmendmentsService } from '../src/runs/amendments.service';
import { DeviationsService } from '../src/runs/deviations.service';
import { CreateAmendmentDto } from '../src/runs/dto/amendment.dto';
import { CreateRunDto } from '../src/runs/dto/create-run.dto';
import { CreateDeviationDto } from '../src/runs/dto/deviation.dto';
import { CreatePassageDto } from '../src/runs/resistance/dto/passage.dto';
import { PassagesService } from '../src/runs/resistance/passages.service';
import { RunPassage } from '../src/runs/resistance/run-passage.entity';
import { RunTransitionsService } from '../src/runs/run-transitions.service';
import { Run } from '../src/runs/run.entity';
import { RunsService } from '../src/runs/runs.service';
import type { RunAction, RunState } from '../src/runs/run.lifecycle';
import {
  ci,
  type DemoPlate,
  EFFLUX_PLATES,
  MTT_PLATES,
  seedEffluxExperiment,
  seedFoldResistance,
  seedPlates,
  sig,
} from './demo-assays';
import { seedCoculture } from './demo-coculture';
import { seedQpcr } from './demo-qpcr';

export const DEMO_USERS: { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'demo.scientist', displayName: 'Demo Scientist', roles: ['scientist'] },
  { username: 'demo.manager', displayName: 'Demo Lab Manager', roles: ['manager'] },
];

/** The demo password of a demo user; printed with its key, never used outside demo data. */
export function demoPassword(username: string): string {
  return `${username}-demo-password`;
}

export interface SeedReport {
  /** Demo users given their key by this call, with the key and password (shown once). */
  users: { username: string; roles: Role[]; key: string; password: string }[];
  materialsCreated: number;
  runsCreated: number;
  /** Transitions, passages, deviations and amendments made by this call. */
  stepsDone: number;
  /** Plate layouts, planned plates and imported readings (each analysed) made by this call. */
  layoutsCreated: number;
  platesCreated: number;
  readingsImported: number;
  /** LC-MS/MS batches imported (calibrated and judged under ICH M10) by this call. */
  batchesImported: number;
  /** qPCR exports imported (and analysed) by this call. */
  qpcrImported: number;
  /** Fold-resistance and efflux results recorded by this call. */
  resultsRecorded: number;
  /** What the demo assays show (printed on every call, whether or not anything was added). */
  summary: string[];
}

/** Loads the demo dataset into the app's database. Refuses to run when NODE_ENV=production. */
export async function seedDemo(app: INestApplicationContext): Promise<SeedReport> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('seed:demo refuses to run with NODE_ENV=production');
  }
  const report: SeedReport = {
    users: [],
    materialsCreated: 0,
    runsCreated: 0,
    stepsDone: 0,
    layoutsCreated: 0,
    platesCreated: 0,
    readingsImported: 0,
    batchesImported: 0,
    qpcrImported: 0,
    resultsRecorded: 0,
    summary: [],
  };
  failIfAskedAt('users');
  const [scientist, manager] = await seedUsers(app);
  failIfAskedAt('materials');
  const materials = await seedMaterials(app, scientist, report);
  failIfAskedAt('runs');
  const plates = await seedRuns(app, { scientist, manager }, materials, report);
  failIfAskedAt('results');
  await seedResults(app, scientist, materials, plates, report);
  failIfAskedAt('qpcr');
  report.summary.push(
    await seedQpcr(
      app,
      { scientist, manager, managerPassword: demoPassword(manager.username) },
      (key) => approvedVersion(app.get(DataSource), key),
      materials,
      report,
      dto,
    ),
  );
  failIfAskedAt('coculture');
  const coculture = await seedCoculture(
    app,
    scientist,
    (key) => approvedVersion(app.get(DataSource), key),
    report,
    dto,
  );
  report.summary.push(coculture.comparison);
  failIfAskedAt('keys');
  await issueDemoKeys(app, report);
  return report;
}

/** The steps of a seed, in order; `SEED_DEMO_FAIL_AT=<step>` fails just before one (tests). */
export const SEED_STEPS = [
  'users',
  'materials',
  'runs',
  'results',
  'qpcr',
  'coculture',
  'keys',
] as const;

function failIfAskedAt(step: (typeof SEED_STEPS)[number]): void {
  if (process.env.SEED_DEMO_FAIL_AT === step) {
    throw new Error(`SEED_DEMO_FAIL_AT=${step}: failing before the ${step} step, as asked`);
  }
}

/** Anything created by this call? */
function created(r: SeedReport): number {
  return (
    r.materialsCreated +
    r.runsCreated +
    r.stepsDone +
    r.layoutsCreated +
    r.platesCreated +
    r.readingsImported +
    r.batchesImported +
    r.qpcrImported +
    r.resultsRecorded
  );
}

/** Text for the console: keys are shown once. */
export function formatReport(report: SeedReport): string {
  const lines: string[] = [];
  if (report.users.length > 0) {
    lines.push('Demo users created (keys shown once):');
    for (const u of report.users) {
      lines.push(
        `${u.username.padEnd(16)} ${u.roles.join(',').padEnd(10)} key ${u.key}  password ${u.password}`,
      );
    }
  }
  if (created(report) > 0) {
    lines.push(
      `Demo data: ${report.materialsCreated} materials and ${report.runsCreated} runs created, ${report.stepsDone} run steps recorded.`,
      `Plates: ${report.layoutsCreated} layouts and ${report.platesCreated} plates created, ${report.readingsImported} readings imported and analysed, ${report.resultsRecorded} results recorded.`,
      `LC-MS/MS: ${report.batchesImported} batches imported, calibrated and judged (ICH M10).`,
      `qPCR: ${report.qpcrImported} export imported and analysed (standard curves, fold changes).`,
    );
  } else {
    lines.push('Demo data already present: nothing to do.');
  }
  lines.push(...report.summary);
  return `${lines.join('\n')}\n`;
}

async function seedUsers(app: INestApplicationContext): Promise<Actor[]> {
  const uow = app.get(UnitOfWork);
  const users = app.get(UsersService);
  const system = { system: 'seed-demo' };
  return uow.run(async (m) => {
    const actors: Actor[] = [];
    for (const spec of DEMO_USERS) {
      let user = await m.getRepository(User).findOneBy({ username: spec.username });
      if (!user) {
        user = await users.createIn(m, system, { ...spec, password: demoPassword(spec.username) });
      }
      // The demo users act through the services as they would through the API.
      actors.push({
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        apiKeyId: 'seed-demo',
      });
    }
    return actors;
  });
}

/**
 * The last step: a key for each demo user that has never had its demo key (a seed that failed
 * before this step issued none; a complete earlier seed printed them already).
 */
async function issueDemoKeys(app: INestApplicationContext, report: SeedReport): Promise<void> {
  const uow = app.get(UnitOfWork);
  const apiKeys = app.get(ApiKeysService);
  const system = { system: 'seed-demo' };
  await uow.run(async (m) => {
    for (const spec of DEMO_USERS) {
      const user = await m.getRepository(User).findOneByOrFail({ username: spec.username });
      if (await m.getRepository(ApiKey).existsBy({ userId: user.id, name: 'demo' })) continue;
      const key = await apiKeys.issue(m, system, {
        userId: user.id,
        name: 'demo',
        expiresAt: null,
        rotatedFromId: null,
      });
      report.users.push({
        username: spec.username,
        roles: spec.roles,
        key: key.key,
        password: demoPassword(spec.username),
      });
    }
  });
}

/** Builds a DTO as the ValidationPipe would, refusing what the API would refuse. */
function dto<T extends object>(cls: new () => T, plain: object): T {
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new Error(`demo ${cls.name} is invalid: ${errors.map((e) => e.toString()).join('; ')}`);
  }
  return instance;
}

type MaterialIds = Record<string, string>;

async function seedMaterials(
  app: INestApplicationContext,
  actor: Actor,
  report: SeedReport,
): Promise<MaterialIds> {
  const repo = app.get(DataSource).getRepository(Material);
  const cellLines = app.get(CellLinesService);
  const samples = app.get(SamplesService);
  const ids: MaterialIds = {};
  const ensure = async (barcode: string, create: () => Promise<Material>) => {
    const found = await repo.findOneBy({ barcode });
    if (found) {
      ids[barcode] = found.id;
      return;
    }
    ids[barcode] = (await create()).id;
    report.materialsCreated++;
  };

  // Cell lines: two parental lines, two populations under 6-TG selection, a cryo-stock.
  await ensure('DEMO-CL-001', () =>
    cellLines.createCellLine(
      actor,
      dto(CreateCellLineDto, {
        name: 'HIG-82',
        barcode: 'DEMO-CL-001',
        species: 'Oryctolagus cuniculus',
        tissue: 'synovium',
        source: 'ATCC CRL-1832',
        passageNumber: 4,
        location: 'Incubator 1, shelf A',
      }),
    ),
  );
  await ensure('DEMO-CL-002', () =>
    cellLines.createCellLine(
      actor,
      dto(CreateCellLineDto, {
        name: 'RASF-07 primary RA synovial fibroblasts',
        barcode: 'DEMO-CL-002',
        species: 'Homo sapiens',
        tissue: 'synovium',
        source: 'synovectomy, donor RA-D001',
        passageNumber: 3,
        location: 'Incubator 1, shelf B',
      }),
    ),
  );
  await ensure('DEMO-CL-003', () =>
    cellLines.createCellLine(
      actor,
      dto(CreateCellLineDto, {
        name: 'HIG-82 6-TG-R1',
        barcode: 'DEMO-CL-003',
        parentId: ids['DEMO-CL-001'],
        passageNumber: 5,
        selectionAgent: '6-TG',
        location: 'Incubator 2, shelf A',
      }),
    ),
  );
  await ensure('DEMO-CL-004', () =>
    cellLines.createCellLine(
      actor,
      dto(CreateCellLineDto, {
        name: 'HIG-82 6-TG-R2',
        barcode: 'DEMO-CL-004',
        parentId: ids['DEMO-CL-001'],
        passageNumber: 9,
        selectionAgent: '6-TG',
        currentDose: { value: 1, unit: 'µM' },
        location: 'Incubator 2, shelf B',
      }),
    ),
  );
  await ensure('DEMO-CRYO-001', () =>
    cellLines.createCryoStock(
      actor,
      dto(CreateCryoStockDto, {
        parentId: ids['DEMO-CL-004'],
        barcode: 'DEMO-CRYO-001',
        location: 'LN2 tank 1, rack 3, box 2, A4',
        passageAtFreezing: 9,
        doseAtFreezing: { value: 1, unit: 'µM' },
        vialCount: 3,
        frozenAt: '2025-02-14T16:00:00Z',
      }),
    ),
  );

  // Donors (pseudonymous codes only), their fecal samples, aliquots and cultures.
  await ensure('DEMO-DON-001', () =>
    samples.createDonor(
      actor,
      dto(CreateDonorDto, {
        code: 'RA-D001',
        barcode: 'DEMO-DON-001',
        condition: 'RA',
        responderStatus: 'responder',
        samplingTimepoint: 'pre-azathioprine',
        consentReference: 'ETH-2024-031/C01',
        tpmtGenotype: '*1/*1',
        nudt15Genotype: '*1/*1',
      }),
    ),
  );
  await ensure('DEMO-DON-002', () =>
    samples.createDonor(
      actor,
      dto(CreateDonorDto, {
        code: 'RA-D002',
        barcode: 'DEMO-DON-002',
        condition: 'RA',
        responderStatus: 'non-responder',
        samplingTimepoint: 'post-azathioprine',
        consentReference: 'ETH-2024-031/C02',
        tpmtGenotype: '*1/*3A',
        tgnPmolPer8e8Rbc: 180,
        mmpPmolPer8e8Rbc: 6100,
      }),
    ),
  );
  for (const [n, donor] of [
    ['001', 'DEMO-DON-001'],
    ['002', 'DEMO-DON-002'],
  ] as const) {
    await ensure(`DEMO-FS-${n}`, () =>
      samples.createFecalSample(
        actor,
        dto(CreateFecalSampleDto, {
          parentId: ids[donor],
          barcode: `DEMO-FS-${n}`,
          collectedAt: '2025-01-20T07:45:00Z',
          location: 'Freezer -80 #2, rack 1, box 4',
          massGrams: 4.2,
        }),
      ),
    );
    const aliquot = `DEMO-FA-${n}-01`;
    if (await repo.findOneBy({ barcode: aliquot })) {
      ids[aliquot] = (await repo.findOneByOrFail({ barcode: aliquot })).id;
      ids[`DEMO-FA-${n}-02`] = (await repo.findOneByOrFail({ barcode: `DEMO-FA-${n}-02` })).id;
    } else {
      const result = await samples.createAliquots(
        actor,
        ids[`DEMO-FS-${n}`],
        dto(CreateAliquotsDto, {
          aliquots: [
            { barcode: `DEMO-FA-${n}-01`, volumeMicrolitres: 250 },
            { barcode: `DEMO-FA-${n}-02`, volumeMicrolitres: 250 },
          ],
        }),
      );
      for (const a of result.aliquots) ids[a.barcode as string] = a.id;
      report.materialsCreated += result.aliquots.length;
    }
  }
  const cultures = [
    ['DEMO-BC-001', 'DEMO-FA-001-01', 'RA-D001 GAM culture 1', 'live'],
    ['DEMO-BC-002', 'DEMO-FA-002-01', 'RA-D002 GAM culture 1', 'live'],
    ['DEMO-BC-003', 'DEMO-FA-002-02', 'RA-D002 heat-killed control', 'heat-killed'],
  ] as const;
  for (const [barcode, parent, name, treatment] of cultures) {
    await ensure(barcode, () =>
      samples.createBacterialCulture(
        actor,
        dto(CreateBacterialCultureDto, {
          parentId: ids[parent],
          name,
          barcode,
          medium: 'GAM broth',
          atmosphere: 'N2/CO2/H2 85/10/5',
          chamberO2Ppm: 2.5,
          temperatureCelsius: 37,
          inoculum: '10 % (w/v) slurry, 100 µL',
          treatment,
          startedAt: '2025-01-22T10:00:00Z',
          location: 'Anaerobic chamber A',
        }),
      ),
    );
  }
  return ids;
}

/** How each demo run gets to its state: the actions along the way, by whom. */
const PATHS: Record<RunState, RunAction[]> = {
  planned: [],
  in_progress: ['start'],
  completed: ['start', 'complete'],
  in_review: ['start', 'complete', 'submit'],
  approved: ['start', 'complete', 'submit', 'approve'],
  returned: ['start', 'complete', 'submit', 'return'],
  cancelled: ['cancel'],
};

interface DemoRun {
  title: string;
  protocol: string;
  state: RunState;
  materials: [string, string][];
  parameters?: Record<string, unknown>;
  plannedStartAt: string;
  notes?: string;
  /** resistance-induction: the passage log, recorded while the run is in progress. */
  passages?: DemoPassage[];
  /** A manual deviation recorded with the first passages. */
  deviation?: { description: string; reason: string; severity: string };
  /** Plates planned on the run and read (before it is completed). */
  plates?: DemoPlate[];
  /** The approved run gets an approved amendment. */
  amend?: boolean;
}

interface DemoPassage {
  /** The dose given; without it, the dose the escalation rule suggests (GET /next-dose). */
  dose?: { value: number; unit: string };
  viabilityPercent: number;
  confluencePercent: number;
  notes?: string;
  deviationReason?: string;
}

/** The selection log of the demo resistance-induction run: P5 overrides the suggested step up. */
const PASSAGES: DemoPassage[] = [
  { dose: { value: 0.25, unit: 'µM' }, viabilityPercent: 86, confluencePercent: 85 },
  { dose: { value: 0.25, unit: 'µM' }, viabilityPercent: 81, confluencePercent: 88 },
  { dose: { value: 0.375, unit: 'µM' }, viabilityPercent: 74, confluencePercent: 80 },
  { dose: { value: 0.375, unit: 'µM' }, viabilityPercent: 72, confluencePercent: 82 },
  {
    dose: { value: 0.5, unit: 'µM' },
    viabilityPercent: 68,
    confluencePercent: 75,
    deviationReason: 'Stock at 0.563 µM not prepared in time; used the 0.5 µM working solution',
  },
  { dose: { value: 0.5, unit: 'µM' }, viabilityPercent: 74, confluencePercent: 80 },
];

/**
 * The 12-passage induction log of HIG-82 6-TG-R2: each dose is the one the rule suggests
 * (× 1.5 after two passages at ≥ 70 % viability, held below that, capped at the 1 µM target).
 */
const R2_PASSAGES: DemoPassage[] = [
  { viabilityPercent: 88, confluencePercent: 90, notes: 'First passage under 6-TG' },
  { viabilityPercent: 82, confluencePercent: 86 },
  { viabilityPercent: 76, confluencePercent: 80 },
  { viabilityPercent: 73, confluencePercent: 78 },
  { viabilityPercent: 61, confluencePercent: 65, notes: 'Many floating cells; dose held' },
  { viabilityPercent: 72, confluencePercent: 74 },
  { viabilityPercent: 75, confluencePercent: 80 },
  { viabilityPercent: 66, confluencePercent: 70, notes: 'Slower growth; dose held' },
  { viabilityPercent: 71, confluencePercent: 76 },
  { viabilityPercent: 74, confluencePercent: 81 },
  { viabilityPercent: 70, confluencePercent: 79, notes: 'Target dose reached' },
  { viabilityPercent: 77, confluencePercent: 85, notes: 'Banked for MTT and efflux assays' },
];

const RUNS: DemoRun[] = [
  {
    title: 'Demo: MTT baseline IC50 of HIG-82 and RASF-07',
    protocol: 'mtt-viability',
    state: 'approved',
    materials: [
      ['DEMO-CL-001', 'cell-lines'],
      ['DEMO-CL-002', 'cell-lines'],
    ],
    plannedStartAt: '2025-01-06T08:00:00Z',
    notes: 'Baseline for the 6-TG start dose.',
    amend: true,
  },
  {
    title: 'Demo: 6-TG selection of HIG-82 6-TG-R1',
    protocol: 'resistance-induction',
    state: 'in_progress',
    materials: [
      ['DEMO-CL-001', 'parental-line'],
      ['DEMO-CL-003', 'derived-population'],
    ],
    parameters: { startDoseMicromolar: '250 nM', targetDoseMicromolar: 10 },
    plannedStartAt: '2025-02-03T08:00:00Z',
    passages: PASSAGES,
    deviation: {
      description: 'Incubator 2 at 35.5 °C for about 6 h between P3 and P4',
      reason: 'Door seal failure; repaired the same day',
      severity: 'minor',
    },
  },
  {
    title: 'Demo: 6-TG selection of HIG-82 6-TG-R2',
    protocol: 'resistance-induction',
    state: 'completed',
    materials: [
      ['DEMO-CL-001', 'parental-line'],
      ['DEMO-CL-004', 'derived-population'],
      ['DEMO-CRYO-001', 'cryo-stocks'],
    ],
    parameters: { startDoseMicromolar: 0.25, targetDoseMicromolar: 1, stepFactor: 1.5 },
    plannedStartAt: '2024-11-04T08:00:00Z',
    passages: R2_PASSAGES,
    notes: 'Stepwise 6-TG selection to 1 µM over 12 passages; fold-resistance by MTT.',
  },
  {
    title: 'Demo: MTT fold-resistance of HIG-82 6-TG-R2 vs HIG-82',
    protocol: 'mtt-viability',
    state: 'approved',
    materials: [
      ['DEMO-CL-001', 'cell-lines'],
      ['DEMO-CL-004', 'cell-lines'],
    ],
    plannedStartAt: '2025-03-21T08:00:00Z',
    plates: MTT_PLATES,
    notes: 'Parental rows A–C, 6-TG-R2 rows D–F on one plate; 72 h 6-TG, MTT 570/650 nm.',
  },
  {
    // The 6-TG-R2 qPCR run, with its data, is seed/demo-qpcr.ts; this one waits for R1.
    title: 'Demo: qPCR of the efflux panel in 6-TG-R1',
    protocol: 'qpcr-expression',
    state: 'planned',
    materials: [
      ['DEMO-CL-001', 'cell-lines'],
      ['DEMO-CL-003', 'cell-lines'],
    ],
    plannedStartAt: '2025-05-12T08:00:00Z',
    notes: 'Once 6-TG-R1 reaches the target dose: the same panel as the 6-TG-R2 run.',
  },
  {
    title: 'Demo: MK571 reversal in 6-TG-R2',
    protocol: 'efflux-inhibitor',
    state: 'completed',
    materials: [
      ['DEMO-CL-004', 'resistant-line'],
      ['DEMO-CL-001', 'parental-line'],
    ],
    plannedStartAt: '2025-03-10T08:00:00Z',
    plates: EFFLUX_PLATES,
  },
  {
    title: 'Demo: LC-MS/MS batch 1, RA-D001 and RA-D002 cultures',
    protocol: 'lcms-quantification',
    state: 'in_review',
    materials: [
      ['DEMO-BC-001', 'samples'],
      ['DEMO-BC-002', 'samples'],
    ],
    plannedStartAt: '2025-01-27T08:00:00Z',
  },
  {
    title: 'Demo: anaerobic co-culture of RA-D001 and RA-D002 with azathioprine',
    protocol: 'anaerobic-coculture',
    state: 'returned',
    materials: [
      ['DEMO-DON-001', 'donors'],
      ['DEMO-DON-002', 'donors'],
      ['DEMO-FA-001-01', 'fecal-aliquots'],
      ['DEMO-FA-002-01', 'fecal-aliquots'],
      ['DEMO-BC-001', 'cultures'],
      ['DEMO-BC-002', 'cultures'],
      ['DEMO-BC-003', 'cultures'],
    ],
    plannedStartAt: '2025-01-22T08:00:00Z',
  },
  {
    title: 'Demo: MTT repeat on RASF-07 (cancelled)',
    protocol: 'mtt-viability',
    state: 'cancelled',
    materials: [['DEMO-CL-002', 'cell-lines']],
    plannedStartAt: '2025-02-17T08:00:00Z',
  },
];

async function seedRuns(
  app: INestApplicationContext,
  who: { scientist: Actor; manager: Actor },
  materials: MaterialIds,
  report: SeedReport,
): Promise<Map<string, string[]>> {
  const ds = app.get(DataSource);
  const runs = app.get(RunsService);
  const transitions = app.get(RunTransitionsService);
  const passages = app.get(PassagesService);
  const deviations = app.get(DeviationsService);
  const amendments = app.get(AmendmentsService);
  const sign = (reason: string) => ({
    password: demoPassword(who.manager.username),
    reason,
  });

  /** Plate ids of each run with plates, by title. */
  const platesByRun = new Map<string, string[]>();

  for (const spec of RUNS) {
    let run = await ds.getRepository(Run).findOneBy({ title: spec.title });
    if (!run) {
      const created = await runs.create(
        who.scientist,
        dto(CreateRunDto, {
          protocolVersionId: await approvedVersion(ds, spec.protocol),
          title: spec.title,
          parameters: spec.parameters,
          materials: spec.materials.map(([barcode, role]) => ({
            materialId: materials[barcode],
            role,
          })),
          plannedStartAt: spec.plannedStartAt,
          notes: spec.notes,
        }),
      );
      report.runsCreated++;
      run = await ds.getRepository(Run).findOneByOrFail({ id: created.id });
    }
    for (const action of PATHS[spec.state]) {
      // Resume where an interrupted seed stopped: only actions possible from the current state.
      const current = await ds.getRepository(Run).findOneByOrFail({ id: run.id });
      if (current.status !== STARTS_FROM[action]) continue;
      // A run's data is recorded while it is in progress, before it is completed.
      if (action === 'complete') await seedRunData(spec, run.id);
      const input =
        action === 'approve'
          ? { signature: sign('Raw data, plate QC and fits reviewed') }
          : action === 'return'
            ? { signature: sign('Add the chamber O2 log for 24–48 h before approval') }
            : action === 'cancel'
              ? { reason: 'Mycoplasma-positive culture; repeated under a new run' }
              : {};
      const actor = action === 'approve' || action === 'return' ? who.manager : who.scientist;
      await transitions.transition(actor, run.id, action, input);
      report.stepsDone++;
    }
    // A run left in progress gets its data now; for the others this finds it all present
    // (or adds plates that an older seed did not have: imports do not depend on the run state).
    await seedRunData(spec, run.id);
    if (spec.amend) await seedAmendment(run.id);
  }
  return platesByRun;

  async function seedRunData(spec: DemoRun, runId: string): Promise<void> {
    if (spec.passages) {
      const status = (await ds.getRepository(Run).findOneByOrFail({ id: runId })).status;
      // Passages are logged only while the run is in progress.
      if (status === 'in_progress') await seedPassages(spec, runId);
    }
    if (spec.plates) {
      platesByRun.set(
        spec.title,
        await seedPlates(app, who.scientist, runId, spec.plates, report, dto),
      );
    }
  }

  async function seedPassages(spec: DemoRun, runId: string): Promise<void> {
    const log = spec.passages ?? [];
    const logged = await ds.getRepository(RunPassage).countBy({ runId });
    const day0 = Date.parse(spec.plannedStartAt.slice(0, 10));
    for (let i = logged; i < log.length; i++) {
      const { dose, ...p } = log[i];
      await passages.record(
        who.scientist,
        runId,
        dto(CreatePassageDto, {
          passageNumber: i + 1,
          date: new Date(day0 + i * 4 * 86_400_000).toISOString().slice(0, 10),
          viableCount: 380000 + i * 10000,
          splitRatio: '1:3',
          // The scientist confirms the rule's suggestion unless the log says otherwise.
          dose: dose ?? (await passages.nextDose(runId)).suggestion.dose,
          ...p,
        }),
      );
      report.stepsDone++;
    }
    if (logged === 0 && spec.deviation) {
      await deviations.create(who.scientist, runId, dto(CreateDeviationDto, spec.deviation));
      report.stepsDone++;
    }
  }

  async function seedAmendment(runId: string): Promise<void> {
    const existing = await amendments.list(runId);
    if (existing.length > 0) return;
    const requested = await amendments.request(
      who.scientist,
      runId,
      dto(CreateAmendmentDto, {
        changes: { notes: 'Baseline for the 6-TG start dose. Plate 2 read at 570/650 nm.' },
        reason: 'The reference wavelength of plate 2 was missing from the notes',
      }),
    );
    await amendments.approve(who.manager, requested.id, sign('Checked against the reader export'));
    report.stepsDone += 2;
  }
}

/** The state each action of a demo path starts from (one per action along a path). */
const STARTS_FROM: Record<RunAction, RunState | null> = {
  start: 'planned',
  complete: 'in_progress',
  submit: 'completed',
  approve: 'in_review',
  return: 'in_review',
  cancel: 'planned',
  reopen: null,
};

async function approvedVersion(ds: DataSource, key: string): Promise<string> {
  const version = await ds
    .getRepository(ProtocolVersion)
    .createQueryBuilder('v')
    .innerJoin('v.protocol', 'p')
    .where('p.key = :key', { key })
    .andWhere('v.status = :status', { status: 'approved' })
    .orderBy('v.version', 'DESC')
    .getOne();
  if (!version) throw new Error(`no approved version of protocol ${key}`);
  return version.id;
}

/** Fold-resistance and the efflux experiment, then the summary of what the demo assays show. */
async function seedResults(
  app: INestApplicationContext,
  actor: Actor,
  materials: MaterialIds,
  platesByRun: Map<string, string[]>,
  report: SeedReport,
): Promise<void> {
  const ds = app.get(DataSource);
  const lines = { resistant: materials['DEMO-CL-004'], parental: materials['DEMO-CL-001'] };
  const passages = app.get(PassagesService);

  const selection = await ds
    .getRepository(Run)
    .findOneByOrFail({ title: 'Demo: 6-TG selection of HIG-82 6-TG-R2' });
  const log = await passages.list(selection.id);
  const first = log[0];
  const last = log[log.length - 1];
  report.summary.push(
    `Selection: HIG-82 6-TG-R2 from HIG-82, ${log.length} passages, 6-TG ` +
      `${first.dose.value} ${first.dose.unit} → ${last.dose.value} ${last.dose.unit} (run ${selection.status}).`,
  );

  const fr = await seedFoldResistance(app, actor, lines, report, dto);
  report.summary.push(
    `MTT: parental IC50 ${sig(fr.parental.fit.ic50.relative)} ${fr.parental.fit.concentrationUnit}, ` +
      `resistant ${sig(fr.resistant.fit.ic50.relative)} ${fr.resistant.fit.concentrationUnit}, ` +
      `fold-resistance ${sig(fr.ratio)}${ci(fr.ci95)}.`,
  );

  const effluxRun = RUNS.find((r) => r.protocol === 'efflux-inhibitor' && r.plates);
  const plateIds = effluxRun ? (platesByRun.get(effluxRun.title) ?? []) : [];
  const efflux = await seedEffluxExperiment(app, actor, lines, plateIds, report, dto);
  const restoration =
    efflux.percentRestoration === null ? 'n/a' : `${efflux.percentRestoration.toFixed(0)} %`;
  report.summary.push(
    `Efflux (${efflux.inhibitor}): reversal ${sig(efflux.reversalFoldResistant.ratio)}` +
      `${ci(efflux.reversalFoldResistant.ci95)}, fold-resistance with inhibitor ` +
      `${sig(efflux.foldResistanceWithInhibitor.ratio)}${ci(efflux.foldResistanceWithInhibitor.ci95)}, ` +
      `restoration ${restoration}: ${efflux.verdict} (decided by ${efflux.decidedBy}).`,
  );
}
