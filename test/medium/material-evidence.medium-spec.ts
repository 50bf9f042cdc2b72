/**
 * The material evidence page (issue 16) when an efflux experiment can no longer be computed:
 * its fits are gone (refitted away, a plate re-read without the inhibitor series). The page
 * shows the experiment with why there is no verdict, instead of failing.
 */
import { EffluxExperiment } from '../../src/assays/efflux/efflux-experiment.entity';
import type { Actor } from '../../src/common/auth/roles';
import { newId } from '../../src/common/base.entity';
import { MaterialEvidenceService } from '../../src/materials/material-evidence.service';
import type { MediumContext } from './support/medium-context';
import { plateAssayWorld } from './support/plate-assay-world';

describe(`material evidence (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  let sam: Actor;
  let parental: string;
  let resistant: string;
  let experiment: EffluxExperiment;

  beforeAll(async () => {
    // Fits of both lines without inhibitor only: the experiment's MK571 series is gone.
    ({ ctx, sam, parental, resistant } = await plateAssayWorld());
    const now = new Date();
    experiment = Object.assign(new EffluxExperiment(), {
      id: newId(),
      name: 'MK571 reversal whose fits were refitted away',
      resistantMaterialId: resistant,
      parentalMaterialId: parental,
      inhibitorName: 'MK571',
      inhibitorConcentrationMolar: 0.000025,
      plateIds: [],
      createdById: sam.userId,
      notes: null,
      createdAt: now,
      updatedAt: now,
    });
    // Written directly: the service refuses to create an experiment it cannot compute.
    await ctx.dataSource.getRepository(EffluxExperiment).insert(experiment);
  });
  afterAll(() => ctx.close());

  it.each([
    ['resistant', () => resistant],
    ['parental', () => parental],
  ])(
    "the %s line's page shows the experiment with why it has no verdict, and no run or provenance",
    async (_line, id) => {
      const page = await ctx.get(MaterialEvidenceService).evidence(id());
      const section = page.sections.find((s) => s.section === 'efflux-reversal');
      expect(section?.items).toEqual([
        {
          runId: null,
          runTitle: null,
          runStatus: null,
          result: {
            experimentId: experiment.id,
            name: experiment.name,
            inhibitor: 'MK571',
            inhibitorConcentrationMolar: 0.000025,
            resistantMaterialId: resistant,
            parentalMaterialId: parental,
            verdict: null,
            reason: expect.stringMatching(/has no current fit with MK571/) as unknown as string,
          },
          provenance: null,
        },
      ]);
      // The other sections are still there: a gap in one assay does not hide the rest.
      expect(page.sections.map((s) => s.section)).toEqual(
        expect.arrayContaining(['fold-resistance', 'efflux-reversal']),
      );
    },
  );
});
