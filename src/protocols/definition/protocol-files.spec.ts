import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateParameters } from '../settings/validate-parameters';
import {
  defaultProtocolsDir,
  expectedFileName,
  formatFileProblems,
  loadProtocolFiles,
} from './protocol-files';
import type { ProtocolDefinition } from './protocol-definition';

const PROTOCOLS_DIR = resolve(__dirname, '../../../protocols');
const FILE_KEYS = [
  'anaerobic-coculture',
  'atp-luminescence-viability',
  'efflux-inhibitor',
  'lcms-quantification',
  'mtt-viability',
  'qpcr-expression',
  'resazurin-viability',
  'resistance-induction',
];

describe('the lab protocol files in protocols/', () => {
  const result = loadProtocolFiles(PROTOCOLS_DIR);
  const byKey = new Map<string, ProtocolDefinition>(
    result.files.map((f) => [f.definition.key, f.definition]),
  );
  const setting = (key: string, name: string) => byKey.get(key)?.settings[name];

  it('all validate', () => {
    // On failure the message lists every problem with file, line and column.
    expect(formatFileProblems(result.problems)).toBe('');
    expect(result.ok).toBe(true);
  });

  it('declare the lab protocols, each at version 1 and named <key>.v<version>.yaml', () => {
    expect([...byKey.keys()].sort()).toEqual(FILE_KEYS);
    for (const f of result.files) {
      expect(f.fileName).toBe(expectedFileName(f.definition));
      expect(f.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('have defaults that are valid run parameters', () => {
    for (const d of byKey.values()) {
      const v = validateParameters(d, {});
      expect({ key: d.key, problems: v.problems }).toEqual({ key: d.key, problems: [] });
    }
  });

  it('declare the dose-escalation rule', () => {
    expect(setting('resistance-induction', 'startDoseMicromolar')).toMatchObject({ unit: 'µM' });
    expect(setting('resistance-induction', 'stepFactor')).toMatchObject({ default: 1.5 });
    expect(setting('resistance-induction', 'stepUpViabilityPercent')).toMatchObject({
      default: 70,
    });
    expect(setting('resistance-induction', 'stepUpConsecutivePassages')).toMatchObject({
      default: 2,
    });
    expect(setting('resistance-induction', 'stepDownViabilityPercent')).toMatchObject({
      default: 50,
    });
    expect(setting('resistance-induction', 'stepDownConsecutivePassages')).toMatchObject({
      default: 2,
    });
    expect(setting('resistance-induction', 'targetDoseMicromolar')).toBeDefined();
    expect(setting('resistance-induction', 'holdPassagesAfterStepDown')).toBeDefined();
    expect(setting('resistance-induction', 'stepDownFactor')).toBeDefined();
  });

  it('declare the MTT fit model and QC thresholds of SCIENCE.md', () => {
    for (const key of ['mtt-viability', 'efflux-inhibitor']) {
      expect(setting(key, 'fitModel')).toMatchObject({
        options: ['LL4', 'LL3', 'fixed-top', 'LL5'],
        default: 'LL4',
      });
      expect(setting(key, 'zPrimeMin')).toMatchObject({ default: 0.5 });
      expect(setting(key, 'rSquaredMin')).toMatchObject({ default: 0.9 });
      expect(setting(key, 'slopeMin')).toMatchObject({ default: 0.3 });
      expect(setting(key, 'slopeMax')).toMatchObject({ default: 5 });
      expect(setting(key, 'ciRatioMax')).toMatchObject({ default: 10 });
      expect(setting(key, 'minDistinctConcentrations')).toMatchObject({ default: 5 });
      expect(setting(key, 'replicateCvMaxPercent')).toMatchObject({ default: 20, unit: '%' });
    }
    expect(setting('mtt-viability', 'referenceWavelengthNm')).toMatchObject({
      default: 650,
      unit: 'nm',
    });
    expect(setting('efflux-inhibitor', 'inhibitorOnlyViabilityMinPercent')).toMatchObject({
      default: 80,
    });
  });

  it('declare the qPCR genes and thresholds', () => {
    expect(setting('qpcr-expression', 'referenceGenes')).toMatchObject({
      default: ['GAPDH', 'ACTB', 'B2M'],
    });
    expect(setting('qpcr-expression', 'targetGenes')).toMatchObject({
      default: ['ABCC1', 'ABCG2', 'ABCC4', 'ABCC5'],
    });
    expect(setting('qpcr-expression', 'replicateSdMax')).toMatchObject({ default: 0.3 });
    expect(setting('qpcr-expression', 'lateCq')).toMatchObject({ default: 35 });
    expect(setting('qpcr-expression', 'efficiencyMinPercent')).toMatchObject({ default: 90 });
    expect(setting('qpcr-expression', 'efficiencyMaxPercent')).toMatchObject({ default: 110 });
    expect(setting('qpcr-expression', 'standardCurveRSquaredMin')).toMatchObject({ default: 0.98 });
  });

  it('declare the LC-MS calibration and ICH M10 limits', () => {
    expect(setting('lcms-quantification', 'calibrationWeighting')).toMatchObject({
      options: ['1/x2', '1/x', 'none'],
      default: '1/x2',
    });
    expect(setting('lcms-quantification', 'analytes')).toMatchObject({
      default: ['azathioprine', '6-MP', '6-TG', '6-MMP', '6-TUA'],
    });
    expect(setting('lcms-quantification', 'internalStandard')).toBeDefined();
    expect(setting('lcms-quantification', 'calibratorAccuracyPercent')).toMatchObject({
      default: 15,
    });
    expect(setting('lcms-quantification', 'calibratorAccuracyAtLloqPercent')).toMatchObject({
      default: 20,
    });
    expect(setting('lcms-quantification', 'calibratorsPassingMinPercent')).toMatchObject({
      default: 75,
    });
    expect(setting('lcms-quantification', 'calibratorsPassingMinCount')).toMatchObject({
      default: 6,
    });
    expect(setting('lcms-quantification', 'qcPassingMinFraction')).toMatchObject({
      default: '2/3',
    });
    expect(setting('lcms-quantification', 'qcPerLevelPassingMinPercent')).toMatchObject({
      default: 50,
    });
  });

  it('declare the co-culture design', () => {
    expect(setting('anaerobic-coculture', 'timepointsHours')).toMatchObject({
      unit: 'h',
      default: [0, 1, 2, 4, 8, 24, 48],
    });
    expect(setting('anaerobic-coculture', 'atmosphere')).toMatchObject({
      default: 'N2/CO2/H2 85/10/5',
    });
    expect(setting('anaerobic-coculture', 'kineticModel')).toMatchObject({ default: 'SFO' });
  });
});

describe('loadProtocolFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'thiolab-protocols-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const mtt = () => readFileSync(join(PROTOCOLS_DIR, 'mtt-viability.v1.yaml'), 'utf8');

  it('names the file, key, line and column of a bad value', () => {
    const text = mtt().replace(
      '    default: 0.5\n    min: 0\n    max: 1\n',
      '    default: 1.5\n    min: 0\n    max: 1\n',
    );
    writeFileSync(join(dir, 'mtt-viability.v1.yaml'), text);
    writeFileSync(join(dir, 'README.md'), 'not a protocol');
    const r = loadProtocolFiles(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    const line = text.split('\n').findIndex((l) => l.includes('default: 1.5')) + 1;
    expect(r.problems[0]).toMatchObject({
      file: 'mtt-viability.v1.yaml',
      path: 'settings.zPrimeMin.default',
      line,
      column: 14,
      code: 'DEFAULT_ABOVE_MAX',
    });
    expect(formatFileProblems(r.problems)).toMatch(
      new RegExp(
        `^mtt-viability\\.v1\\.yaml:${line}:14 settings\\.zPrimeMin\\.default DEFAULT_ABOVE_MAX `,
      ),
    );
  });

  it('requires the file name to match key and version', () => {
    writeFileSync(join(dir, 'mtt.yaml'), mtt());
    writeFileSync(join(dir, 'mtt-viability.v2.yaml'), mtt());
    const r = loadProtocolFiles(dir);
    expect(r.problems.map((p) => `${p.file} ${p.code}`)).toEqual([
      'mtt-viability.v2.yaml FILE_NAME_MISMATCH',
      'mtt.yaml FILE_NAME_MISMATCH',
    ]);
  });

  it('refuses the same key and version twice', () => {
    writeFileSync(join(dir, 'mtt-viability.v1.yaml'), mtt());
    writeFileSync(
      join(dir, 'mtt-viability.v1.json'),
      JSON.stringify(
        loadProtocolFiles(PROTOCOLS_DIR).files.find((f) => f.definition.key === 'mtt-viability')
          ?.definition,
      ),
    );
    const r = loadProtocolFiles(dir);
    expect(r.files).toHaveLength(1);
    expect(r.problems.map((p) => p.code)).toEqual(['DUPLICATE_VERSION']);
  });

  it('hashes content, not formatting', () => {
    writeFileSync(join(dir, 'mtt-viability.v1.yaml'), `# a comment\n${mtt()}\n\n`);
    const a = loadProtocolFiles(dir).files[0].contentHash;
    const b = loadProtocolFiles(PROTOCOLS_DIR).files.find(
      (f) => f.definition.key === 'mtt-viability',
    )?.contentHash;
    expect(a).toBe(b);
  });

  it('reports an empty or missing folder', () => {
    expect(loadProtocolFiles(dir).problems.map((p) => p.code)).toEqual(['NO_PROTOCOL_FILES']);
    expect(loadProtocolFiles(join(dir, 'nope')).problems.map((p) => p.code)).toEqual([
      'PROTOCOLS_DIR_UNREADABLE',
    ]);
  });

  it('defaults to protocols/ under the working directory', () => {
    expect(defaultProtocolsDir('/srv/thiolab')).toBe(resolve('/srv/thiolab', 'protocols'));
  });
});
