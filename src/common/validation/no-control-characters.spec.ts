import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { findControlCharacter, NO_CONTROL_CHARACTERS } from './no-control-characters';

/** Every source file under src/ that declares class-validator rules (DTOs, query classes). */
function validatedSourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...validatedSourceFiles(path));
    else if (
      name.endsWith('.ts') &&
      !name.endsWith('.spec.ts') &&
      name !== 'env.validation.ts' &&
      readFileSync(path, 'utf8').includes("from 'class-validator'")
    )
      out.push(path);
  }
  return out;
}

describe('control characters in text fields', () => {
  it('identifiers refuse C0, DEL, C1, line separators, direction overrides and a BOM', () => {
    for (const c of [
      '\u0000',
      '\u0009',
      '\u000a',
      '\u000d',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u009f',
      '\u2028',
      '\u202e',
      '\u2066',
      '\ufeff',
    ]) {
      expect(findControlCharacter(`ab${c}c`, 'identifier')).toEqual({
        codePoint: `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
        position: 3,
      });
    }
    expect(findControlCharacter('HIG-82 6-TG-R µM Ω 株 é\u200d', 'identifier')).toBeNull();
  });

  it('free text keeps tabs and line breaks but refuses other controls', () => {
    expect(findControlCharacter('line 1\r\n\tline 2\nאבג\u202b', 'text')).toBeNull();
    for (const c of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085']) {
      expect(findControlCharacter(`x${c}`, 'text')).toMatchObject({ position: 2 });
    }
  });

  it('every string field of every DTO declares its text kind (@NoControlCharacters)', () => {
    const root = join(__dirname, '../..');
    const files = validatedSourceFiles(root);
    expect(files.length).toBeGreaterThan(20);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const f of files) require(f);
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<{ name: string }, { name?: string; propertyName: string }[]>;
    };
    const missing: string[] = [];
    let checked = 0;
    for (const [target, metas] of storage.validationMetadatas) {
      const byProperty = new Map<string, Set<string>>();
      for (const m of metas) {
        const names = byProperty.get(m.propertyName) ?? new Set<string>();
        if (m.name) names.add(m.name);
        byProperty.set(m.propertyName, names);
      }
      for (const [property, names] of byProperty) {
        if (!names.has('isString')) continue;
        checked++;
        if (!names.has(NO_CONTROL_CHARACTERS)) missing.push(`${target.name}.${property}`);
      }
    }
    expect(checked).toBeGreaterThan(80);
    expect({ missing, files: files.map((f) => relative(root, f)).length }).toMatchObject({
      missing: [],
    });
  });
});
