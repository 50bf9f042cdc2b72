import type { ValueStatus } from './plate-reading';

/** Why a value with this status is left out of an analysis, for the plate map and the report. */
export function statusReason(status: ValueStatus, raw: string): string {
  const t = raw.trim();
  switch (status) {
    case 'overflow':
      return `overflow: the reader wrote "${t}" (the signal is beyond its range)`;
    case 'missing':
      return `missing: the reader wrote "${t}" (the well was not measured)`;
    case 'flagged':
      return `flagged: the reader wrote "${t}" (a value it marks as outside its valid range)`;
    case 'ok':
      return '';
  }
}
