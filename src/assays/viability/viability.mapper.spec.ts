import type { DoseResponseFitRecord } from './dose-response-fit.entity';
import { toFitDto } from './viability.mapper';

describe('toFitDto', () => {
  it('shows only well, x and y of each point (older rows also stored a derivedValueId)', () => {
    const stored = {
      fixedParameters: [],
      flags: [],
      e: null,
      points: [{ well: 'A4', x: 1.5, y: 80, derivedValueId: 'gone' }],
      createdAt: new Date(0),
    } as unknown as DoseResponseFitRecord;
    expect(toFitDto(stored).points).toEqual([{ well: 'A4', x: 1.5, y: 80 }]);
  });
});
