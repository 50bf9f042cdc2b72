// Demo plate assays (issue 5): plate layouts from CSV plate maps, planned plates on the demo
// runs, and reader exports from seed/data/ imported through PlateImportService, the path of
// POST /instrument-feeds and POST /plates/:id/readings, which fits the curves in the same
// transaction. Then the fold-resistance (FoldResistanceService) and the MK571 efflux
// experiment (EffluxService). Every step looks for its record first: a second run adds nothing.
import { existsSync, readFileSync } from 'node:fs';
import { formatSignificant } from '../src/analysis/common/significant-figures';
import { basename, join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EffluxService } from '../src/assays/efflux/efflux.service';
import { CreateEffluxExperimentDto } from '../src/assays/efflux/dto/efflux.dto';
import { EffluxExperiment } from '../src/assays/efflux/efflux-experiment.entity';
import { RecordFoldResistanceDto } from '../src/assays/viability/dto/fold-resistance.dto';
import type { FoldResistanceDto } from '../src/assays/viability/dto/fold-resistance.dto';
import { FoldResistanceResult } from '../src/assays/viability/fold-resistance-result.entity';
import { FoldResistanceService } from '../src/assays/viability/fold-resistance.service';
import type { Actor } from '../src/common/auth/roles';
import { PlateImportService } from '../src/imports/plate-import.service';
import { CreatePlateDto } from '../src/plates/dto/plate.dto';
import { ImportPlateLayoutDto } from '../src/plates/dto/plate-layout.dto';
import { PlateLayout } from '../src/plates/plate-layout.entity';
import { PlateMapImportService } from '../src/imports/plate-map-import.service';
import { Plate } from '../src/plates/plate.entity';
import { PlatesService } from '../src/plates/plates.service';

/** One demo plate: its layout (a CSV plate map), its barcode and its reader export. */
export interface DemoPlate {
  barcode: string;
  name: string;
  layout: { name: string; description: string; map: string };
  /** Line names of the plate map → material barcodes. */
  lines: Record<string, string>;
  /** The reader export, relative to seed/data/. */
  file: string;
}

export const MTT_PLATES: DemoPlate[] = [
  {
    barcode: 'DEMO-MTT-0001',
    name: 'HIG-82 vs 6-TG-R2, 6-TG 0.78–200 µM',
    layout: {
      name: 'Demo: MTT 6-TG 2-fold 200–0.78 µM, parental A–C / resistant D–F',
      description:
        'Column 1 blank, columns 2–3 vehicle, 6-TG 200 → 0.78125 µM in columns 4–12; row G kill ' +
        'controls (G1–G6 parental, G7–G12 resistant); row H empty.',
      map: 'mtt/plate-map.csv',
    },
    lines: { parental: 'DEMO-CL-001', resistant: 'DEMO-CL-004' },
    file: 'mtt/250324_141502_DEMO-MTT-0001_mtt.txt',
  },
];

export const EFFLUX_PLATES: DemoPlate[] = [
  {
    barcode: 'DEMO-EFX-0001',
    name: '6-TG-R2 ± MK571 25 µM',
    layout: {
      name: 'Demo: efflux 6-TG ± MK571 25 µM, resistant line',
      description:
        'Rows A–C without inhibitor (columns 2–3 vehicle), rows D–F with MK571 25 µM (columns ' +
        '2–3 inhibitor-only); column 1 blank; G1–G6 vehicle, G7–G12 kill control.',
      map: 'efflux/resistant-plate-map.csv',
    },
    lines: { resistant: 'DEMO-CL-004' },
    file: 'efflux/DEMO-EFX-0001_softmax.txt',
  },
  {
    barcode: 'DEMO-EFX-0002',
    name: 'HIG-82 ± MK571 25 µM',
    layout: {
      name: 'Demo: efflux 6-TG ± MK571 25 µM, parental line',
      description:
        'Rows A–C without inhibitor (columns 2–3 vehicle), rows D–F with MK571 25 µM (columns ' +
        '2–3 inhibitor-only); column 1 blank; G1–G6 vehicle, G7–G12 kill control.',
      map: 'efflux/parental-plate-map.csv',
    },
    lines: { parental: 'DEMO-CL-001' },
    file: 'efflux/DEMO-EFX-0002_long.csv',
  },
];

export const EFFLUX_EXPERIMENT = 'Demo: HIG-82 6-TG-R2 ± MK571 25 µM';

/** What the assay part of the seed created in this call. */
export interface AssayCounts {
  layoutsCreated: number;
  platesCreated: number;
  readingsImported: number;
  resultsRecorded: number;
}

export type Dto = <T extends object>(cls: new () => T, plain: object) => T;

/** seed/data/ from the sources (seed/), from the build (dist/seed/), or under the working folder. */
export function demoDataDir(): string {
  const candidates = [
    join(__dirname, 'data'),
    join(__dirname, '..', '..', 'seed', 'data'),
    join(process.cwd(), 'seed', 'data'),
  ];
  const found = candidates.find((d) => existsSync(join(d, 'mtt')));
  if (!found) throw new Error(`seed data not found (looked in ${candidates.join(', ')})`);
  return found;
}

const readData = (rel: string) => readFileSync(join(demoDataDir(), rel), 'utf8');

/** Layout, planned plate and reading of each plate, each only when missing. Returns plate ids. */
export async function seedPlates(
  app: INestApplicationContext,
  actor: Actor,
  runId: string,
  plates: DemoPlate[],
  counts: AssayCounts,
  dto: Dto,
): Promise<string[]> {
  const ds = app.get(DataSource);
  const plateMaps = app.get(PlateMapImportService);
  const planned = app.get(PlatesService);
  const imports = app.get(PlateImportService);
  const ids: string[] = [];
  for (const spec of plates) {
    let plate = await ds.getRepository(Plate).findOneBy({ barcode: spec.barcode });
    if (!plate) {
      let layoutId = (await ds.getRepository(PlateLayout).findOneBy({ name: spec.layout.name }))
        ?.id;
      if (!layoutId) {
        const layout = await plateMaps.importPlateMap(
          actor,
          dto(ImportPlateLayoutDto, {
            name: spec.layout.name,
            description: spec.layout.description,
            csv: readData(spec.layout.map),
            materials: spec.lines,
            measurementWavelengthNm: 570,
            referenceWavelengthNm: 650,
          }),
        );
        layoutId = layout.id;
        counts.layoutsCreated++;
      }
      const created = await planned.create(
        actor,
        dto(CreatePlateDto, { barcode: spec.barcode, name: spec.name, layoutId, runId }),
      );
      counts.platesCreated++;
      plate = await ds.getRepository(Plate).findOneByOrFail({ id: created.id });
    }
    if (plate.status === 'planned') {
      // The instrument-feed path: the file's text and name; the barcode names the plate.
      const { created, result } = await imports.importReading(actor, {
        text: readData(spec.file),
        filename: basename(spec.file),
        plate: spec.barcode,
        dryRun: false,
        idempotencyKey: null,
      });
      const analysis = result.analysis as { status?: string } | null;
      if (!created || analysis?.status !== 'analysed') {
        throw new Error(
          `demo plate ${spec.barcode}: import ${result.outcome}, analysis ${analysis?.status ?? 'none'}`,
        );
      }
      counts.readingsImported++;
    }
    ids.push(plate.id);
  }
  return ids;
}

/** Records the resistant line's fold-resistance against its parent, once per pair of lines. */
export async function seedFoldResistance(
  app: INestApplicationContext,
  actor: Actor,
  materials: { resistant: string; parental: string },
  counts: AssayCounts,
  dto: Dto,
): Promise<FoldResistanceDto> {
  const ds = app.get(DataSource);
  const fr = app.get(FoldResistanceService);
  const recorded = await ds.getRepository(FoldResistanceResult).findOne({
    where: { resistantMaterialId: materials.resistant, parentalMaterialId: materials.parental },
    order: { createdAt: 'DESC' },
  });
  if (recorded) {
    // Shown again as computed from the recorded fits (read only).
    return fr.compute({
      resistantMaterialId: materials.resistant,
      parentalMaterialId: materials.parental,
      resistantFitId: recorded.resistantFitId,
      parentalFitId: recorded.parentalFitId,
    });
  }
  // No fits named: each line's latest current fit from an approved run (the MTT run).
  const result = await fr.record(
    actor,
    dto(RecordFoldResistanceDto, {
      resistantMaterialId: materials.resistant,
      parentalMaterialId: materials.parental,
      note: 'Demo: MTT plate DEMO-MTT-0001, LL.4 fits of both lines on one plate.',
    }),
  );
  counts.resultsRecorded++;
  return result;
}

/** The MK571 efflux experiment on the two efflux plates, once (found by name). */
export async function seedEffluxExperiment(
  app: INestApplicationContext,
  actor: Actor,
  materials: { resistant: string; parental: string },
  plateIds: string[],
  counts: AssayCounts,
  dto: Dto,
) {
  const ds = app.get(DataSource);
  const efflux = app.get(EffluxService);
  const existing = await ds.getRepository(EffluxExperiment).findOneBy({ name: EFFLUX_EXPERIMENT });
  if (existing) return efflux.get(existing.id);
  const result = await efflux.create(
    actor,
    dto(CreateEffluxExperimentDto, {
      name: EFFLUX_EXPERIMENT,
      resistantMaterialId: materials.resistant,
      parentalMaterialId: materials.parental,
      inhibitor: 'MK571',
      inhibitorConcentrationMicromolar: 25,
      plateIds,
      notes: 'Demo: does MRP inhibition by MK571 restore 6-TG sensitivity of 6-TG-R2?',
    }),
  );
  counts.resultsRecorded++;
  return result;
}

/** 3 significant digits, as a person writes them: 2.25, 22.3, 9.92. */
export function sig(v: number | null | undefined): string {
  return v === null || v === undefined ? 'n/a' : formatSignificant(v, 3);
}

export function ci(c: [number, number] | null | undefined): string {
  return c ? ` (${sig(c[0])}–${sig(c[1])})` : '';
}
