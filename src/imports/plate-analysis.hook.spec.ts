import { PlateAnalyses, type PlateAnalysisHook } from './plate-analysis.hook';

const hook: PlateAnalysisHook = {
  analysePlate: () => Promise.resolve({ status: 'analysed', warnings: [] }),
};

describe('PlateAnalyses', () => {
  it('stops the boot while no assay registered the analysis of plate readings', async () => {
    const r = new PlateAnalyses();
    expect(() => r.onApplicationBootstrap()).toThrow(
      /no assay module registered the analysis of plate-reader readings/,
    );
    await expect(r.analyse(null as never, null as never, null as never)).rejects.toThrow();
  });

  it('holds exactly one analysis and runs it', async () => {
    const r = new PlateAnalyses();
    r.register('viability', hook);
    expect(() => r.onApplicationBootstrap()).not.toThrow();
    expect(r.assay()).toBe('viability');
    await expect(r.analyse(null as never, null as never, null as never)).resolves.toEqual({
      status: 'analysed',
      warnings: [],
    });
    expect(() => r.register('other', hook)).toThrow(/already analysed by the viability assay/);
  });
});
