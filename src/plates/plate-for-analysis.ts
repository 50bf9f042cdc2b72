import type { Run } from '../runs/run.entity';
import type { LayoutWell } from './layout-well.entity';
import type { PlateLayout } from './plate-layout.entity';
import type { WellReading } from './plate-reading-values.entity';
import type { PlateReading } from './plate-reading.entity';
import type { Plate } from './plate.entity';

/** Everything an analysis needs about one plate, read in the caller's transaction. */
export interface PlateForAnalysis {
  plate: Plate;
  layout: PlateLayout;
  /** The layout's wells, row-major. Wells the layout does not list are empty. */
  layoutWells: LayoutWell[];
  /** The latest stored reading, or null while the plate is only planned. */
  reading: PlateReading | null;
  /** The raw values of that reading, ordered by wavelength then row-major. */
  wellReadings: WellReading[];
  /**
   * Set by an import that has just stored the reading (undefined: not known, read it):
   * `firstReading` when the plate was only planned before (no earlier analysis or exclusion to
   * read), `runParameters` the plate's run's parameters (null without a run).
   */
  firstReading?: boolean;
  runParameters?: Run['parameters'] | null;
}
