import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_YAML_NESTING, yamlNestingExceeded } from './yaml-nesting';
import { parseProtocolDefinition } from './validate-definition';

describe('YAML nesting limit of protocol definitions', () => {
  it('passes the lab SOP templates', () => {
    const dir = join(__dirname, '../../../protocols');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      expect(yamlNestingExceeded(readFileSync(join(dir, f), 'utf8'))).toBeNull();
    }
  });

  it('refuses deep flow collections and compact sequences, located, before parsing', () => {
    const deep = MAX_YAML_NESTING + 1;
    expect(yamlNestingExceeded(`key: x\nsteps: ${'['.repeat(deep)}${']'.repeat(deep)}`)).toEqual({
      line: 2,
      column: 8 + MAX_YAML_NESTING,
    });
    expect(yamlNestingExceeded(`${'- '.repeat(deep)}x`)).toEqual({
      line: 1,
      column: 1 + 2 * MAX_YAML_NESTING,
    });
    expect(yamlNestingExceeded(`a: ${'{b: '.repeat(deep)}1${'}'.repeat(deep)}`)).not.toBeNull();
    expect(
      yamlNestingExceeded(`${'['.repeat(MAX_YAML_NESTING)}${']'.repeat(MAX_YAML_NESTING)}`),
    ).toBeNull();
  });

  it('skips quoted scalars and comments', () => {
    const text = [
      `a: "${'['.repeat(200)}\\"${'{'.repeat(200)}"`,
      `b: '${'['.repeat(200)}''${'{'.repeat(200)}'`,
      `c: 1 # ${'['.repeat(200)}`,
      `d: [1, [2]]`,
    ].join('\n');
    expect(yamlNestingExceeded(text, 2)).toBeNull();
  });

  it('answers a 2 MB bracket bomb at once instead of parsing it for seconds', () => {
    const n = 1_000_000;
    const started = Date.now();
    const r = parseProtocolDefinition(`a: ${'['.repeat(n / 4)}${']'.repeat(n / 4)}`);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'YAML_TOO_DEEP', line: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(parseProtocolDefinition('x'.repeat(600 * 1024)).problems[0].code).toBe(
      'DEFINITION_TOO_LARGE',
    );
  });
});
