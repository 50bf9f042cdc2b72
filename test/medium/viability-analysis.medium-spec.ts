/**
 * The viability analysis services on a stored plate: a refit supersedes the fits it replaces
 * (never deletes them); an exclusion re-analyses without the excluded wells.
 */
import { DoseResponseFitRecord } from '../../src/assays/viability/dose-response-fit.entity';
import { PlateRefitsService } from '../../src/assays/viability/plate-refits.service';
import { ViabilityAnalysisService } from '../../src/assays/viability/viability-analysis.service';
import type { Actor } from '../../src/common/auth/roles';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import { PlatesService } from '../../src/plates/plates.service';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe('viability analysis services (medium)', () => {
  let ctx: MediumContext;
  let sam: Actor;
  let lines: Record<string, string>;

  beforeAll(async () => {
    ctx = await createMediumContext();
    sam = (await ctx.factory.user()).actor;
    const parental = await ctx.factory.cellLine(sam);
    const resistant = await ctx.factory.cellLine(sam);
    lines = { parental: parental.id, resistant: resistant.id };
  });
  afterAll(() => ctx.close());

  const currentFits = (plateId: string) =>
    ctx.dataSource.manager.findBy(DoseResponseFitRecord, { plateId, status: 'current' });

  it('a refit supersedes the current fits with new ones, keeping the old rows', async () => {
    const { plate } = await ctx.factory.importedPlate(sam, { materials: lines });
    const before = await currentFits(plate.id);
    expect(before).toHaveLength(2);
    const result = await ctx.get(PlateRefitsService).refit(sam, plate.id, {
      reason: 'medium test: refit with LL3',
      model: 'LL3',
    });
    expect(result.fits).toHaveLength(2);
    expect(result.supersededFitIds.sort()).toEqual(before.map((f) => f.id).sort());
    const after = await currentFits(plate.id);
    expect(after.every((f) => f.model === 'LL3')).toBe(true);
    const old = await ctx.dataSource.manager.findBy(DoseResponseFitRecord, {
      plateId: plate.id,
      status: 'superseded',
    });
    expect(old.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
  });

  it('analysePlate takes the data PlatesService.getPlateForAnalysis loads (one entry point)', async () => {
    const { plate } = await ctx.factory.importedPlate(sam, { materials: lines });
    const summary = await ctx.get(UnitOfWork).run(async (m) => {
      const data = await ctx.get(PlatesService).getPlateForAnalysis(m, plate.id);
      return ctx.get(ViabilityAnalysisService).analysePlate(m, sam, data, {
        trigger: 'refit',
        reason: 'medium test',
      });
    });
    expect(summary.plateId).toBe(plate.id);
    expect(summary.fits).toHaveLength(2);
    expect(summary.superseded.fitIds).toHaveLength(2);
    expect((await currentFits(plate.id)).map((f) => f.id).sort()).toEqual(
      summary.fits.map((f) => f.id).sort(),
    );
  });

  it('an exclusion re-analyses the plate without the excluded wells', async () => {
    const { plate } = await ctx.factory.importedPlate(sam, { materials: lines });
    const result = await ctx.get(PlateRefitsService).excludeWells(sam, plate.id, {
      wells: ['A4'],
      reason: 'medium test: bubble in the well',
    });
    expect(result.fits).toHaveLength(2);
    expect(result.supersededFitIds).toHaveLength(2);
  });
});
