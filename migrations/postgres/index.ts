// PostgreSQL migrations in the order they run. Add each new generated migration here.
import { Init1795420828417 } from './1795420828417-Init';
import { AuditAppendOnly1795420829417 } from './1795420829417-AuditAppendOnly';
import { Signatures1795421361762 } from './1795421361762-Signatures';
import { LimsCore1795422874731 } from './1795422874731-LimsCore';
import { PlateAssays1795425310929 } from './1795425310929-PlateAssays';
import { DerivedValuesPerAnalysis1795447848439 } from './1795447848439-DerivedValuesPerAnalysis';
import { PlateReadingValues1795457899847 } from './1795457899847-PlateReadingValues';
import { DerivedValuesColumnar1795469157722 } from './1795469157722-DerivedValuesColumnar';
import { AnalysisEdgesQcDetailsRatioBounds1796530725267 } from './1796530725267-AnalysisEdgesQcDetailsRatioBounds';
import { FitsByMaterialNewestFirst1796536903763 } from './1796536903763-FitsByMaterialNewestFirst';

export const POSTGRES_MIGRATIONS = [Init1795420828417, AuditAppendOnly1795420829417, Signatures1795421361762, LimsCore1795422874731, PlateAssays1795425310929, DerivedValuesPerAnalysis1795447848439, PlateReadingValues1795457899847, DerivedValuesColumnar1795469157722, AnalysisEdgesQcDetailsRatioBounds1796530725267, FitsByMaterialNewestFirst1796536903763];
