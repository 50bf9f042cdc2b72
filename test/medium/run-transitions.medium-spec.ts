/**
 * RunTransitionsService: the lifecycle table's effects on a real database, and the run-approval
 * checks the assay modules registered (the viability plate-QC gate) running on approval.
 */
import { RunApprovalChecks } from '../../src/runs/run-approval-check';
import { RunTransitionsService } from '../../src/runs/run-transitions.service';
import { Run } from '../../src/runs/run.entity';
import type { Actor } from '../../src/common/auth/roles';
import { createMediumContext, type MediumContext } from './support/medium-context';
import { PASSWORD } from './support/factories';

describe('run transitions service (medium)', () => {
  let ctx: MediumContext;
  let sam: Actor;
  let mia: Actor;
  let lines: Record<string, string>;

  beforeAll(async () => {
    ctx = await createMediumContext();
    sam = (await ctx.factory.user({ roles: ['scientist'] })).actor;
    mia = (await ctx.factory.user({ roles: ['manager'] })).actor;
    const parental = await ctx.factory.cellLine(sam);
    const resistant = await ctx.factory.cellLine(sam);
    lines = { parental: parental.id, resistant: resistant.id };
  });
  afterAll(() => ctx.close());

  const cellLines = () =>
    Object.values(lines).map((materialId) => ({ materialId, role: 'cell-lines' }));

  it('the viability assay registered its plate-QC gate with the runs module', () => {
    expect(ctx.get(RunApprovalChecks).assays()).toContain('viability');
  });

  it('start → complete → submit → approve, signed, with an analysed plate', async () => {
    const transitions = ctx.get(RunTransitionsService);
    const run = await ctx.factory.startedRun(sam, { materials: cellLines() });
    expect(run.status).toBe('in_progress');
    await ctx.factory.importedPlate(sam, { materials: lines, runId: run.id });
    await transitions.transition(sam, run.id, 'complete');
    await transitions.transition(sam, run.id, 'submit');
    const approved = await transitions.transition(mia, run.id, 'approve', {
      signature: { password: PASSWORD, reason: 'medium test: plates and fits reviewed' },
    });
    expect(approved.status).toBe('approved');
    const stored = await ctx.dataSource.manager.findOneByOrFail(Run, { id: run.id });
    expect(stored.approvedById).toBe(mia.userId);
  });

  it('refuses an approval without a signature, and changes nothing', async () => {
    const transitions = ctx.get(RunTransitionsService);
    const run = await ctx.factory.startedRun(sam, { materials: cellLines() });
    await transitions.transition(sam, run.id, 'complete');
    await transitions.transition(sam, run.id, 'submit');
    await expect(transitions.transition(mia, run.id, 'approve')).rejects.toThrow();
    const stored = await ctx.dataSource.manager.findOneByOrFail(Run, { id: run.id });
    expect(stored.status).toBe('in_review');
  });
});
