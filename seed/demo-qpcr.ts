// The qPCR demo (issue 16): a qpcr-expression run on HIG-82 and HIG-82 6-TG-R2, its name map and
// MIQE record, and the QuantStudio 7 Flex text export of seed/data/qpcr/ (three biological
// replicates a line, standard curves per gene, no-template controls) imported through
// QpcrImportService, the path of POST /runs/:id/qpcr-imports, which analyses it in the same
// transaction. The run is then completed, submitted and approved. Each step looks for its
// record first and a run found part-way goes on from its state: a second seed adds nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PutMiqeDto, PutNameMapDto } from '../src/assays/qpcr/dto/qpcr-setup.dto';
import { QpcrAnalysesService } from '../src/assays/qpcr/qpcr-analyses.service';
import { QpcrFoldChange } from '../src/assays/qpcr/qpcr-fold-change.entity';
import { QpcrImport } from '../src/assays/qpcr/qpcr-import.entity';
import { QpcrImportService } from '../src/assays/qpcr/qpcr-import.service';
import { QpcrMiqeRecord } from '../src/assays/qpcr/qpcr-miqe.entity';
import { QpcrNameMap } from '../src/assays/qpcr/qpcr-name-map.entity';
import { QpcrSetupService } from '../src/assays/qpcr/qpcr-setup.service';
import type { Actor } from '../src/common/auth/roles';
import { CreateRunDto } from '../src/runs/dto/create-run.dto';
import { RunTransitionsService } from '../src/runs/run-transitions.service';
import { Run } from '../src/runs/run.entity';
import { RunsService } from '../src/runs/runs.service';
import { demoDataDir, sig, type Dto } from './demo-assays';

export const QPCR_RUN = 'Demo: qPCR of ABCC1, ABCG2, ABCC4 and ABCC5 in 6-TG-R2';
export const QPCR_EXPORT = 'qpcr/DEMO-QPCR-0001_results.txt';

/** Sample names of the export → material barcode (the group follows the line: parental, resistant). */
const SAMPLES: [name: string, barcode: string][] = [
  ['HIG-82 B1', 'DEMO-CL-001'],
  ['HIG-82 B2', 'DEMO-CL-001'],
  ['HIG-82 B3', 'DEMO-CL-001'],
  ['6-TG-R2 B1', 'DEMO-CL-004'],
  ['6-TG-R2 B2', 'DEMO-CL-004'],
  ['6-TG-R2 B3', 'DEMO-CL-004'],
];

/** Primers and amplicons of the demo panel (made up for the demo, as its Cq values are). */
const PRIMERS: [gene: string, forward: string, reverse: string, amplicon: number][] = [
  ['GAPDH', 'GGAGCGAGATCCCTCCAAAAT', 'GGCTGTTGTCATACTTCTCATGG', 197],
  ['ACTB', 'CATGTACGTTGCTATCCAGGC', 'CTCCTTAATGTCACGCACGAT', 250],
  ['B2M', 'GAGGCTATCCAGCGTACTCCA', 'CGGCAGGCATACTCATCTTTT', 248],
  ['ABCC1', 'CTCTATCTCTCCCGACATGACC', 'AGCAGACGATCCACAGCAAAA', 148],
  ['ABCG2', 'CAGGTGGAGGCAAATCTTCGT', 'ACCCTGTTAATCCGTTCGTTTT', 124],
  ['ABCC4', 'CCATTGAAGATCTTCCTGG', 'GGTGTTCAATCTGTGTGC', 161],
  ['ABCC5', 'CCCAGGCAACTGTCCTTCTT', 'GCAGACTCAGTCCATAGTGC', 133],
];

export interface QpcrCounts {
  runsCreated: number;
  stepsDone: number;
  qpcrImported: number;
}

/**
 * The qPCR run, from nothing or from the state an interrupted seed left it in, up to approved.
 * Returns the summary line of its transporter fold changes.
 */
export async function seedQpcr(
  app: INestApplicationContext,
  who: { scientist: Actor; manager: Actor; managerPassword: string },
  approvedVersion: (key: string) => Promise<string>,
  materials: Record<string, string>,
  counts: QpcrCounts,
  dto: Dto,
): Promise<string> {
  const ds = app.get(DataSource);
  const transitions = app.get(RunTransitionsService);
  let run = await ds.getRepository(Run).findOneBy({ title: QPCR_RUN });
  if (!run) {
    const created = await app.get(RunsService).create(
      who.scientist,
      dto(CreateRunDto, {
        protocolVersionId: await approvedVersion('qpcr-expression'),
        title: QPCR_RUN,
        materials: ['DEMO-CL-001', 'DEMO-CL-004'].map((b) => ({
          materialId: materials[b],
          role: 'cell-lines',
        })),
        parameters: {
          standardCurveDilutionFactor: 5,
          quantificationMethod: 'pfaffl-multi-reference',
        },
        plannedStartAt: '2025-04-07T08:00:00Z',
        notes:
          'Efflux panel by SYBR Green qPCR, three passages of each line; standard curves of pooled cDNA (5-fold, 50–0.08 ng).',
      }),
    );
    counts.runsCreated++;
    run = await ds.getRepository(Run).findOneByOrFail({ id: created.id });
  }
  const runId = run.id;
  const step = async (action: 'start' | 'complete' | 'submit' | 'approve', input = {}) => {
    const actor = action === 'approve' ? who.manager : who.scientist;
    await transitions.transition(actor, runId, action, input);
    counts.stepsDone++;
  };
  const status = async () => (await ds.getRepository(Run).findOneByOrFail({ id: runId })).status;

  if ((await status()) === 'planned') await step('start');
  if ((await status()) === 'in_progress') {
    await recordSetup(app, who.scientist, runId, materials, counts, dto);
    if (!(await ds.getRepository(QpcrImport).existsBy({ runId, current: true }))) {
      const bytes = readFileSync(join(demoDataDir(), QPCR_EXPORT));
      await app.get(QpcrImportService).import(who.scientist, runId, bytes, {
        dryRun: false,
        filename: QPCR_EXPORT.split('/')[1],
      });
      counts.qpcrImported++;
    }
    await step('complete');
  }
  if ((await status()) === 'completed') await step('submit');
  if ((await status()) === 'in_review') {
    await step('approve', {
      signature: {
        password: who.managerPassword,
        reason: 'Standard curves, NTCs, replicate flags and MIQE record reviewed',
      },
    });
  }
  return summary(app, runId, await status());
}

/** The name map and the MIQE record, each only when missing. */
async function recordSetup(
  app: INestApplicationContext,
  actor: Actor,
  runId: string,
  materials: Record<string, string>,
  counts: QpcrCounts,
  dto: Dto,
): Promise<void> {
  const ds = app.get(DataSource);
  const setup = app.get(QpcrSetupService);
  if (!(await ds.getRepository(QpcrNameMap).existsBy({ runId }))) {
    await setup.putNames(
      actor,
      runId,
      dto(PutNameMapDto, {
        samples: SAMPLES.map(([name, barcode]) => ({ name, materialId: materials[barcode] })),
      }),
    );
    counts.stepsDone++;
  }
  if (!(await ds.getRepository(QpcrMiqeRecord).existsBy({ runId }))) {
    await setup.putMiqe(
      actor,
      runId,
      dto(PutMiqeDto, {
        instrument: 'QuantStudio 7 Flex (Applied Biosystems), 384-well block',
        chemistry: 'SYBR-Green',
        rtKit: 'High-Capacity cDNA Reverse Transcription kit (Applied Biosystems 4368814)',
        efficiencySource: 'standard-curve',
        primers: PRIMERS.map(([gene, forwardPrimer, reversePrimer, ampliconLengthBp]) => ({
          gene,
          forwardPrimer,
          reversePrimer,
          ampliconLengthBp,
        })),
        rnaQuality: SAMPLES.map(([sample], k) => ({
          sample,
          rin: [9.4, 9.1, 9.6, 8.8, 9.2, 9.0][k],
          a260280: [2.04, 2.06, 2.03, 2.01, 2.05, 2.02][k],
          a260230: [2.11, 2.15, 2.09, 1.98, 2.12, 2.07][k],
        })),
        notes:
          'Demo data: the Cq values (seed/data/qpcr/generate-qpcr-demo.py) and primer sequences are made up for the demo.',
      }),
    );
    counts.stepsDone++;
  }
}

/** `qPCR (method, run state): ABCC4 5.5× (4.2–7.1), …` from the run's current fold changes. */
async function summary(app: INestApplicationContext, runId: string, state: string) {
  const ds = app.get(DataSource);
  const current = await app.get(QpcrAnalysesService).currentOf(ds.manager, runId);
  const folds = await ds
    .getRepository(QpcrFoldChange)
    .find({ where: { runId, current: true }, order: { gene: 'ASC' } });
  const method = current?.quantificationMethod ?? 'not analysed';
  const genes = folds
    .map(
      (f) =>
        `${f.gene} ${sig(f.foldChange)}×` +
        (f.ciLower !== null && f.ciUpper !== null ? ` (${sig(f.ciLower)}–${sig(f.ciUpper)})` : ''),
    )
    .join(', ');
  return `qPCR (${method}, run ${state}): 6-TG-R2 vs HIG-82 ${genes || 'no fold change'}.`;
}
