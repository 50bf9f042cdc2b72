/**
 * FoldResistanceService on stored fits: IC50(resistant)/IC50(parental) with its CI, the fits
 * it chose and why, and recording it.
 */
import { FoldResistanceService } from '../../src/assays/viability/fold-resistance.service';
import type { Actor } from '../../src/common/auth/roles';
import type { MediumContext } from './support/medium-context';
import { plateAssayWorld } from './support/plate-assay-world';

describe('fold-resistance service (medium)', () => {
  let ctx: MediumContext;
  let sam: Actor;
  let parental: string;
  let resistant: string;

  beforeAll(async () => {
    // The synthetic plate's curves: IC50 4 µM (parental rows), 40 µM (resistant rows).
    ({ ctx, sam, parental, resistant } = await plateAssayWorld());
  });
  afterAll(() => ctx.close());

  it('computes about 10-fold from the latest current fits, warning they are not approved', async () => {
    const fr = await ctx
      .get(FoldResistanceService)
      .compute({ resistantMaterialId: resistant, parentalMaterialId: parental });
    expect(fr.status).toBe('determined');
    expect(fr.selection).toBe('latest-current');
    expect(fr.ratio).toBeGreaterThan(7);
    expect(fr.ratio).toBeLessThan(14);
    expect(fr.ci95?.[0]).toBeLessThan(fr.ratio as number);
    expect(fr.ci95?.[1]).toBeGreaterThan(fr.ratio as number);
    expect(fr.warnings.map((w) => w.code)).toContain('fit-not-from-approved-run');
    expect(fr.provenance.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records the ratio on the resistant population, once', async () => {
    const service = ctx.get(FoldResistanceService);
    const recorded = await service.record(sam, {
      resistantMaterialId: resistant,
      parentalMaterialId: parental,
      note: 'medium',
    });
    expect(recorded.id).toEqual(expect.any(String));
    const listed = await service.forMaterial(resistant);
    expect(listed.map((r) => r.id)).toContain(recorded.id);
  });
});
