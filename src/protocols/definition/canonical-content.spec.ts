import { canonicalContent, contentHash } from './canonical-content';
import type { ProtocolDefinition } from './protocol-definition';

const def = (): ProtocolDefinition => ({
  key: 'demo',
  version: 1,
  title: 'Demo',
  description: 'd',
  steps: [{ id: 'a', title: 'A' }],
  materials: [],
  readouts: [{ id: 'r', title: 'R', kind: 'measured' }],
  settings: { x: { type: 'number', unit: 'µM', default: 1, description: 'x' } },
});

describe('canonicalContent / contentHash', () => {
  it('is independent of key order', () => {
    const a = def();
    const b: ProtocolDefinition = {
      settings: { x: { description: 'x', default: 1, unit: 'µM', type: 'number' } },
      readouts: a.readouts,
      materials: [],
      steps: a.steps,
      description: 'd',
      title: 'Demo',
      version: 1,
      key: 'demo',
    };
    expect(canonicalContent(a)).toBe(canonicalContent(b));
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes with any value', () => {
    const a = def();
    const b = def();
    (b.settings.x as { default: number }).default = 1.5;
    expect(contentHash(a)).not.toBe(contentHash(b));
    const c = def();
    c.steps = [...c.steps, { id: 'b', title: 'B' }];
    expect(contentHash(a)).not.toBe(contentHash(c));
  });

  it('is sha256 hex of the canonical JSON', () => {
    expect(contentHash(def())).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalContent(def())).toBe(
      '{"description":"d","key":"demo","materials":[],"readouts":[{"id":"r","kind":"measured","title":"R"}],' +
        '"settings":{"x":{"default":1,"description":"x","type":"number","unit":"µM"}},"steps":[{"id":"a","title":"A"}],' +
        '"title":"Demo","version":1}',
    );
  });
});
