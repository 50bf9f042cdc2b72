import type { Actor } from '../../../src/common/auth/roles';
import type { PlateImportOutcome } from '../../../src/imports/plate-import.service';
import type { PlateDto } from '../../../src/plates/dto/plate.dto';
import { createMediumContext, type MediumContext } from './medium-context';

/**
 * The medium twin of test/support/plate-assays.ts's `plateAssayWorld`: a fresh context, a
 * scientist, a parental line and its 6-TG-resistant population, and the synthetic MTT plate
 * imported with both lines (IC50 about 4 µM parental, 40 µM resistant; no inhibitor series).
 */
export interface PlateAssayWorld {
  ctx: MediumContext;
  sam: Actor;
  parental: string;
  resistant: string;
  plate: { plate: PlateDto; outcome: PlateImportOutcome };
}

export async function plateAssayWorld(): Promise<PlateAssayWorld> {
  const ctx = await createMediumContext();
  const sam = (await ctx.factory.user()).actor;
  const parental = (await ctx.factory.cellLine(sam)).id;
  const resistant = (
    await ctx.factory.cellLine(sam, { parentId: parental, selectionAgent: '6-TG' })
  ).id;
  const plate = await ctx.factory.importedPlate(sam, { materials: { parental, resistant } });
  return { ctx, sam, parental, resistant, plate };
}
