/**
 * PlateImportService and the viability analysis it triggers, called directly: parse → store →
 * analyse → audit in one transaction, on the engine of the run (SQLite or PostgreSQL).
 */
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { PlateImportService } from '../../src/imports/plate-import.service';
import { PlateReadingValues } from '../../src/plates/plate-reading-values.entity';
import { PlateReading } from '../../src/plates/plate-reading.entity';
import { Plate } from '../../src/plates/plate.entity';
import { DoseResponseFitRecord } from '../../src/assays/viability/dose-response-fit.entity';
import { syntheticReading } from '../support/synthetic-mtt';
import type { Actor } from '../../src/common/auth/roles';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe('plate import service (medium)', () => {
  let ctx: MediumContext;
  let sam: Actor;
  let lines: Record<string, string>;

  beforeAll(async () => {
    ctx = await createMediumContext();
    sam = (await ctx.factory.user({ roles: ['scientist'] })).actor;
    const parental = await ctx.factory.cellLine(sam, { name: 'HIG-82 parental' });
    const resistant = await ctx.factory.cellLine(sam, { name: 'HIG-82 6-TG-R1' });
    lines = { parental: parental.id, resistant: resistant.id };
  });
  afterAll(() => ctx.close());

  it('stores the reading, its values and the analysis in one go, and audits it', async () => {
    const { plate, outcome } = await ctx.factory.importedPlate(sam, { materials: lines });
    expect(outcome.created).toBe(true);
    expect(outcome.result.outcome).toBe('imported');
    expect(outcome.result.analysis).toMatchObject({ status: 'analysed' });

    const m = ctx.dataSource.manager;
    const stored = await m.findOneByOrFail(Plate, { id: plate.id });
    expect(stored.status).toBe('read');
    const readings = await m.findBy(PlateReading, { plateId: plate.id });
    expect(readings).toHaveLength(1);
    const values = await m.findOneByOrFail(PlateReadingValues, { readingId: readings[0].id });
    expect(values.rawValues).toBeTruthy();
    const fits = await m.findBy(DoseResponseFitRecord, { plateId: plate.id, status: 'current' });
    expect(fits.map((f) => f.materialId).sort()).toEqual(Object.values(lines).sort());
    const events = await m.findBy(AuditEvent, { entityId: readings[0].id });
    expect(events.map((e) => e.action)).toContain('plate.reading-imported');
  });

  it('answers the same content for the same plate with the first result, storing nothing', async () => {
    const reading = syntheticReading(7);
    const { plate, outcome } = await ctx.factory.importedPlate(sam, { materials: lines, reading });
    const again = await ctx.get(PlateImportService).importReading(sam, {
      text: reading,
      filename: null,
      plate: plate.id,
      dryRun: false,
      idempotencyKey: null,
    });
    expect(again.created).toBe(false);
    expect(again.result.reading?.id).toBe(outcome.result.reading?.id);
    expect(await ctx.dataSource.manager.countBy(PlateReading, { plateId: plate.id })).toBe(1);
  });

  it('refuses a file with a problem and writes nothing', async () => {
    const layout = await ctx.factory.layout(sam, { materials: lines });
    const plate = await ctx.factory.plate(sam, { layoutId: layout.id });
    const broken = syntheticReading(8).replace(/\n([A-H]1),/, '\n$1x,');
    await expect(
      ctx.get(PlateImportService).importReading(sam, {
        text: broken,
        filename: null,
        plate: plate.id,
        dryRun: false,
        idempotencyKey: null,
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_REJECTED' });
    const m = ctx.dataSource.manager;
    expect(await m.countBy(PlateReading, { plateId: plate.id })).toBe(0);
    expect((await m.findOneByOrFail(Plate, { id: plate.id })).status).toBe('planned');
  });
});
