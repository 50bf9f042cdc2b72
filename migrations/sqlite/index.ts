// SQLite migrations in the order they run. Add each new generated migration here.
import { Init1795420823790 } from './1795420823790-Init';
import { AuditAppendOnly1795420824790 } from './1795420824790-AuditAppendOnly';
import { Signatures1795421357289 } from './1795421357289-Signatures';
import { LimsCore1795422869732 } from './1795422869732-LimsCore';
import { PlateAssays1795425305840 } from './1795425305840-PlateAssays';
import { DerivedValuesPerAnalysis1795447845877 } from './1795447845877-DerivedValuesPerAnalysis';
import { PlateReadingValues1795457897572 } from './1795457897572-PlateReadingValues';
import { DerivedValuesColumnar1795469155311 } from './1795469155311-DerivedValuesColumnar';
import { AnalysisEdgesQcDetailsRatioBounds1796530719169 } from './1796530719169-AnalysisEdgesQcDetailsRatioBounds';
import { FitsByMaterialNewestFirst1796536899113 } from './1796536899113-FitsByMaterialNewestFirst';

export const SQLITE_MIGRATIONS = [Init1795420823790, AuditAppendOnly1795420824790, Signatures1795421357289, LimsCore1795422869732, PlateAssays1795425305840, DerivedValuesPerAnalysis1795447845877, PlateReadingValues1795457897572, DerivedValuesColumnar1795469155311, AnalysisEdgesQcDetailsRatioBounds1796530719169, FitsByMaterialNewestFirst1796536899113];
