import type { ImportProblem } from '../../analysis/plate/plate-reading';
import type { PlateSize } from '../../analysis/plate/well-position';
import type { WellRole } from '../../analysis/plate/well-role';
import type { ConcentrationUnit } from '../../common/units/concentration-units';

export interface Concentration {
  value: number;
  unit: ConcentrationUnit;
  /** The cell as written. */
  raw: string;
}

export interface PlateMapWell {
  /** Canonical well name, `A1`. */
  well: string;
  row: number;
  column: number;
  role: WellRole;
  /** Cell line or material (`parental`, `resistant`), when the map names one. */
  material?: string;
  concentration?: Concentration;
  /** The concentration in µM when its unit is molar. */
  concentrationMicromolar?: number;
  replicateGroup?: string;
  /** Efflux inhibitor in the well (`MK571 25 uM` → name MK571, 25 µM). */
  inhibitor?: {
    name: string;
    concentration?: Concentration;
    concentrationMicromolar?: number;
    raw: string;
  };
  /** Other columns of the map, by header as written. */
  extra: Record<string, string>;
  /** 1-based line of the map file. */
  line: number;
}

/** A plate layout read from a CSV plate map: one entry per listed well, in row-major order. */
export interface PlateLayout {
  plateSize: PlateSize;
  wells: PlateMapWell[];
}

export type PlateMapParseResult =
  { ok: true; layout: PlateLayout } | { ok: false; problems: ImportProblem[] };

export interface PlateMapParseOptions {
  /** Plate size of the layout; otherwise inferred (384 as soon as a well lies beyond H12). */
  plateSize?: PlateSize;
  /**
   * `false`: without `plateSize` the map is a 96-well map, and a well beyond H12 (a typo such
   * as `I13`) is refused rather than silently making the layout 384-well. Default true.
   */
  inferPlateSize?: boolean;
}
