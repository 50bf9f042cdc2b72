import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProtocolDefinition } from './definition/validate-definition';
import { InvalidDefinitionError, isEmptyBody, readDefinitionBody } from './definition-body';

const text = readFileSync(join(__dirname, '../../protocols/mtt-viability.v1.yaml'), 'utf8');
const parsed = parseProtocolDefinition(text);
if (!parsed.ok) throw new Error('the mtt-viability file must validate');
const mtt = parsed.definition;

function problems(fn: () => unknown): { field?: string; code: string; line?: number }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidDefinitionError);
    return (err as InvalidDefinitionError).errors;
  }
  throw new Error('expected an InvalidDefinitionError');
}

describe('readDefinitionBody', () => {
  it('reads JSON and fills in the key and version the server assigns', () => {
    const { key: _key, version: _version, ...rest } = structuredClone(mtt);
    const d = readDefinitionBody(rest, { key: 'mtt-viability', version: 4 });
    expect(d).toMatchObject({ key: 'mtt-viability', version: 4, title: mtt.title });
  });

  it('reads YAML text, with lines on its problems', () => {
    expect(readDefinitionBody(text, { key: 'mtt-viability', version: 1 })).toEqual(mtt);
    const broken = text.replace('default: 5000', 'default: 99999');
    const line = broken.split('\n').findIndex((l) => l.includes('99999')) + 1;
    expect(problems(() => readDefinitionBody(broken, { version: 1 }))).toEqual([
      expect.objectContaining({ field: 'settings.seedingDensity.default', line }),
    ]);
  });

  it('refuses a key or version other than the expected ones', () => {
    expect(
      problems(() => readDefinitionBody(mtt, { key: 'other', version: 2 })).map((p) => [
        p.field,
        p.code,
      ]),
    ).toEqual([
      ['key', 'KEY_MISMATCH'],
      ['version', 'VERSION_MISMATCH'],
    ]);
  });

  it('refuses a body that is neither an object nor text', () => {
    expect(problems(() => readDefinitionBody([1, 2], { version: 1 }))).toEqual([
      expect.objectContaining({ field: '(root)', code: 'WRONG_TYPE' }),
    ]);
  });

  it('knows an empty body', () => {
    expect([undefined, null, {}, '', '  \n'].map(isEmptyBody)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([{ a: 1 }, 'key: x', [], 0].map(isEmptyBody)).toEqual([false, false, false, false]);
  });
});
