import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { timeOrderedId } from '../../common/time-ordered-id';
import {
  insertMany,
  selectRows,
  selectWhere,
  updateWhere,
} from '../../common/database/bulk-insert';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import type { ProblemItem } from '../../common/errors/domain.error';
import type {
  LcmsInjection as FileInjection,
  LcmsFormat,
  LcmsPeak,
  ParsedLcmsExport,
} from '../../imports/lcms/lcms-export';
import { parseLcmsExport } from '../../imports/lcms/parse-lcms-export';
import { classifySampleType, type SampleTypeClass } from '../../imports/lcms/sample-type';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import {
  exportContentHash,
  exportDoesNotFit,
  type ExportImportOptions,
  type ExportImportOutcome,
  exportUnreadable,
  listedNames,
  nothingWritten,
  recordExportImport,
} from '../export-import/export-import';
import type {
  LcmsImportReportDto,
  LcmsImportWarningDto,
  LcmsSkippedInjectionDto,
} from './dto/lcms.dto';
import type { InjectionForAnalysis } from './lcms-batch-analysis';
import {
  analyseBatch,
  calibrationSummary,
  storeAnalyses,
  supersedeCalibrations,
  type PeakForAnalysis,
} from './lcms-analysis-store';
import type { LcmsBatch } from './lcms-batch.entity';
import { LcmsBatchesService } from './lcms-batches.service';
import { LcmsCalibration } from './lcms-calibration.entity';
import { LcmsImport, type LcmsStoredPeak } from './lcms-import.entity';
import { LcmsNameMapping } from './lcms-name-mapping.entity';
import { SampleConcentrationsHooks } from './sample-concentrations.hook';

export type LcmsImportOptions = ExportImportOptions<LcmsFormat>;

function stripExtension(file: string): string {
  return file.replace(/\.(d|raw|wiff2?|mzml|txt)$/i, '');
}

/** `line 12: "QC-M" (batch.wiff)`: a file injection as a problem names it. */
function fileInjectionLabel(fi: FileInjection): string {
  return `line ${fi.line}: "${fi.name}"${fi.dataFile ? ` (${fi.dataFile})` : ''}`;
}

/**
 * The INJECTION_TWICE message: two injections of the file match one of the list. Naming the
 * list's injections by data file helps only when each of the two has a data file of its own (a
 * MassHunter `.d`); where the file gives none, or one data file holds several injections (a Sciex
 * `.wiff`, a long CSV), it says what does: the list naming them as the file does, or a sample
 * name of their own in the file. (A name the file repeats there is matched by its order, to the
 * list's `NAME#k`, and refused otherwise as REPEATED_SAMPLE_NAME, which says so.)
 */
function injectionTwiceMessage(
  prior: FileInjection,
  fi: FileInjection,
  inj: InjectionForAnalysis,
  dataFileUses: ReadonlyMap<string, number>,
): string {
  const head = `${fileInjectionLabel(prior)} and ${fileInjectionLabel(fi)} both match injection ${inj.name}`;
  const own = (x: FileInjection) => x.dataFile !== null && dataFileUses.get(x.dataFile) === 1;
  if (own(prior) && own(fi)) {
    return `${head}; name the injections by data file: list them as ${stripExtension(prior.dataFile!)} and ${stripExtension(fi.dataFile!)} in the injection list instead of one ${inj.name}.`;
  }
  const shared = [prior, fi].find((x) => x.dataFile !== null && !own(x));
  const why = shared
    ? `${shared.dataFile} holds ${dataFileUses.get(shared.dataFile!)} injections of the file, so its data file cannot tell them apart`
    : `the file gives no data file per injection to tell them apart`;
  const byOrder = [prior, fi].find((x) => x.name !== inj.name && inj.name.startsWith(`${x.name}#`));
  if (byOrder) {
    return `${head}, and ${why}: the file names a sample ${inj.name}, which is also the name its order gives to an injection of "${byOrder.name}". Give each injection its own sample name in the acquisition batch and export again.`;
  }
  return `${head}, and ${why}: name the injection list's injections as the file names its samples (${prior.name}, ${fi.name}).`;
}

/** "a calibrator", "an unknown". */
function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/**
 * The warning of a file injection whose sample type contradicts the injection list's type for
 * it, or null when the two agree (or the file's type says nothing: absent, unknown words). The
 * list decides: labs' typing conventions differ (QCs left as Sample, standards re-run as
 * unknowns), so a contradiction is said, on its line, not refused.
 */
function sampleTypeDiffers(
  fi: { name: string; dataFile: string | null; sampleType: string | null; line: number },
  cls: SampleTypeClass | null,
  inj: InjectionForAnalysis,
): LcmsImportWarningDto | null {
  if (cls === null || (cls.kind === 'batch' && cls.types.includes(inj.type))) return null;
  const label = `"${fi.name}"${fi.dataFile ? ` (${fi.dataFile})` : ''}`;
  const listed = `the injection list has ${inj.name} as ${withArticle(inj.type)}: it is analysed as the list says`;
  return cls.kind === 'not-in-batch'
    ? {
        code: 'instrument-check-listed',
        severity: 'warning',
        message: `line ${fi.line}: ${label} has sample type ${fi.sampleType} in the file, ${cls.meaning}, which is no part of the batch, but ${listed}. Take it out of the injection list (record the batch again without it) to have the import skip it.`,
      }
    : {
        code: 'sample-type-differs',
        severity: 'warning',
        message: `line ${fi.line}: ${label} has sample type ${fi.sampleType} in the file (${cls.meaning}), but ${listed}. If the list is wrong, record the batch again with the right type; if the file is, correct the sample type in the quantitation software and export again.`,
      };
}

/**
 * Imports a quantitation export into a batch, all or nothing: parse (bytes decoded by what they
 * are), map the file's compounds to the batch's analytes and internal standard (exact name, or
 * the mapping confirmed for the run's protocol version; an unmapped name is an error listing the
 * known ones), map its samples to the injection list, then store the peak areas as written and
 * analyse every analyte (calibration, ICH M10, carry-over, concentrations) in one transaction,
 * in which the results derived from the concentrations (co-culture kinetics) are recomputed too.
 * `dryRun` answers the same report without writing. The same content for the same batch is a
 * duplicate, answered with the stored calibrations and not analysed again, unless it now maps to
 * other peaks (the name mapping changed): then it is imported again. An approved run refuses
 * (RUN_LOCKED).
 */
/** Two stored peaks alike: the same injection, target, compound, line and values as written. */
function samePeak(a: LcmsStoredPeak, b: LcmsStoredPeak): boolean {
  return (
    a.injectionId === b.injectionId &&
    a.analyte === b.analyte &&
    a.internalStandard === b.internalStandard &&
    a.fileCompound === b.fileCompound &&
    a.areaRaw === b.areaRaw &&
    a.area === b.area &&
    a.isAreaRaw === b.isAreaRaw &&
    a.isArea === b.isArea &&
    a.retentionTimeRaw === b.retentionTimeRaw &&
    a.line === b.line
  );
}

@Injectable()
export class LcmsImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly batches: LcmsBatchesService,
    private readonly hooks: SampleConcentrationsHooks,
  ) {}

  import(
    actor: Actor,
    batchId: string,
    bytes: Buffer,
    options: LcmsImportOptions,
  ): Promise<ExportImportOutcome<LcmsImportReportDto>> {
    // Parsing needs no database: outside the transaction (as the qPCR import does). Its problems
    // are answered after the batch and run checks, as before.
    const parsed = parseLcmsExport(bytes, options.format);
    const contentHash = exportContentHash(bytes);
    return this.uow.run(async (m) => {
      const batch = await this.batches.load(m, batchId);
      const run = await assertRunDataWritable(
        m,
        batch.runId,
        { what: 'import LC-MS/MS peak areas' },
        ['protocolVersionId'],
      );
      if (!parsed.ok) {
        throw exportUnreadable(
          parsed.problems.map((p) => ({
            code: p.code,
            message: p.message,
            ...(p.line !== undefined ? { line: p.line } : {}),
            ...(p.column !== undefined ? { column: p.column } : {}),
          })),
        );
      }
      const e = parsed.export;
      // The id only: the stored peaks are read only when the content is the same.
      // Hand-written reads without the query builder (docs/performance.md, "LC-MS/MS import
      // reads plain rows"): the id of a current import of the same content, the list, the
      // method's name mapping.
      const [existing] = await selectRows<{ id: string }>(
        m,
        'SELECT id AS "id" FROM lcms_imports WHERE batch_id = ? AND content_hash = ? AND current',
        [batchId, contentHash],
      );
      const injections = await this.batches.injectionsForAnalysis(m, batchId);
      const mappingRows = await selectWhere(m, LcmsNameMapping, 'protocol_version_id = ?', [
        run.protocolVersionId,
      ]);
      const { compoundMapping, peaks, skipped, warnings } = this.resolve(
        batch,
        injections,
        e,
        new Map(mappingRows.map((r) => [r.fileName, r.target])),
      );
      const base = {
        format: e.format,
        encoding: e.encoding ?? null,
        contentHash,
        injections: e.injections.length - skipped.length,
        peaks: peaks.length,
        missingAreas: peaks.filter((p) => p.forAnalysis.area === null).length,
        compoundMapping,
        skipped,
        warnings,
      };
      // A duplicate is answered from what is stored, before any analysis: the file still maps to
      // the batch above (so it is refused as the import would be, and counted the same), but
      // calibration, ICH M10 and concentrations already sit in the current calibrations. The
      // same bytes that now map to other peaks (the method's name mapping changed since) are no
      // duplicate: they are imported again and supersede the earlier import.
      if (existing && (await this.samePeaksAsStored(m, existing.id, peaks))) {
        // The summary's columns only (not the calibrators' and QCs' `result`), in the batch's
        // analyte order, as the import answered them.
        const current = await m.getRepository(LcmsCalibration).find({
          select: {
            id: true,
            analyte: true,
            accepted: true,
            failedRules: true,
            flags: true,
            slope: true,
            intercept: true,
          },
          where: { batchId, current: true },
        });
        const order = new Map(batch.analytes.map((a, i) => [a, i]));
        current.sort((x, y) => (order.get(x.analyte) ?? 0) - (order.get(y.analyte) ?? 0));
        return nothingWritten({
          outcome: 'duplicate',
          importId: existing.id,
          ...base,
          calibrations: current.map(calibrationSummary),
          recomputed: [],
        });
      }
      const analyses = analyseBatch(
        run,
        batch,
        injections,
        peaks.map((p) => p.forAnalysis),
      );
      if (options.dryRun) {
        return nothingWritten({
          outcome: 'dry-run',
          importId: null,
          ...base,
          calibrations: analyses.map((a) => calibrationSummary({ ...a, id: '' })),
          recomputed: [],
        });
      }
      const now = new Date();
      await updateWhere(
        m,
        LcmsImport,
        { current: false, updatedAt: now },
        'batch_id = ? AND current',
        [batchId],
      );
      await supersedeCalibrations(m, batchId, undefined, now);
      const record = Object.assign(new LcmsImport(), {
        id: timeOrderedId(),
        batchId,
        contentHash,
        format: e.format,
        encoding: e.encoding ?? null,
        filename: options.filename,
        peakCount: peaks.length,
        current: true,
        createdById: actor.userId,
        peaks: peaks.map((p) => p.row),
      });
      // insertMany, not TypeORM's insert: no query builder over the peaks document, and no read
      // of the row back for its dates.
      await insertMany(m, LcmsImport, [record]);
      const calibrations = await storeAnalyses(m, batch, record.id, analyses, actor.userId);
      const summaries = calibrations.map(calibrationSummary);
      const outcome = await recordExportImport<LcmsImportReportDto>(m, this.audit, actor, {
        runId: batch.runId,
        contribution: `imported LC-MS/MS batch ${batch.name}`,
        audit: {
          entity: 'lcms-batch',
          id: batchId,
          after: {
            importId: record.id,
            filename: options.filename,
            ...base,
            calibrations: summaries.map((s) => ({
              analyte: s.analyte,
              accepted: s.accepted,
              failedRules: s.failedRules.map((r) => r.code),
            })),
          },
        },
        report: {
          outcome: 'imported',
          importId: record.id,
          ...base,
          calibrations: summaries,
          recomputed: [],
        },
      });
      // Results derived from these concentrations (co-culture kinetics) follow them, in this
      // transaction: none stays current on the concentrations this import supersedes. Their
      // contribution and audit entry come after the import's own, as what it caused (as a
      // calibrator's exclusion records itself before the kinetics it recomputes).
      outcome.report.recomputed = await this.hooks.changed(m, actor, {
        batchId,
        batchName: batch.name,
        cause: `import of LC-MS/MS batch ${batch.name}`,
        stored: calibrations,
      });
      return outcome;
    });
  }

  /** Whether the import `id` stored exactly these peaks (same injections, targets and areas). */
  private async samePeaksAsStored(
    m: EntityManager,
    id: string,
    peaks: readonly { row: LcmsStoredPeak }[],
  ): Promise<boolean> {
    const stored = await m
      .getRepository(LcmsImport)
      .findOne({ select: { id: true, peaks: true }, where: { id } });
    const rows = stored?.peaks ?? [];
    return rows.length === peaks.length && rows.every((r, i) => samePeak(r, peaks[i].row));
  }

  /** Maps compounds and samples; every problem at once, or the peaks to store. */
  private resolve(
    batch: LcmsBatch,
    injections: readonly InjectionForAnalysis[],
    e: ParsedLcmsExport,
    stored: ReadonlyMap<string, string | null>,
  ) {
    const problems: ProblemItem[] = [];
    const targets = [...batch.analytes, batch.internalStandard];
    const byLower = new Map(targets.map((t) => [t.toLowerCase(), t]));
    const compoundMapping: Record<string, string | null> = {};
    for (const c of e.compounds) {
      if (stored.has(c)) {
        const t = stored.get(c) ?? null;
        if (t !== null && !targets.includes(t)) {
          problems.push({
            code: 'MAPPING_TARGET_UNKNOWN',
            column: c,
            message: `the confirmed mapping sends "${c}" to ${t}, which is not an analyte or the internal standard of this batch (${targets.join(', ')})`,
          });
        }
        compoundMapping[c] = t;
      } else if (byLower.has(c.toLowerCase())) {
        compoundMapping[c] = byLower.get(c.toLowerCase())!;
      } else {
        const line = e.peaks.find((p) => p.compound === c)?.line;
        problems.push({
          code: 'UNMAPPED_COMPOUND',
          column: c,
          ...(line !== undefined ? { line } : {}),
          message: `"${c}" is not a name this batch knows: the analytes are ${batch.analytes.join(', ')} and the internal standard ${batch.internalStandard}. Confirm how the method names it (PUT /api/v1/lcms-name-mappings/:protocolVersionId, target an analyte, the internal standard, or null to ignore).`,
        });
      }
    }
    const mappedTo = new Map<string, string>();
    for (const [c, t] of Object.entries(compoundMapping)) {
      if (t === null) continue;
      const prior = mappedTo.get(t);
      if (prior !== undefined)
        problems.push({
          code: 'MAPPED_TWICE',
          column: c,
          message: `"${c}" and "${prior}" both map to ${t}; map one of them to null (ignore)`,
        });
      mappedTo.set(t, c);
    }
    const rowIs = e.peaks.some((p) => p.isArea !== null);
    for (const a of batch.analytes) {
      if (!mappedTo.has(a))
        problems.push({
          code: 'ANALYTE_NOT_IN_FILE',
          message: `analyte ${a} of the batch is not in the file (its compounds: ${listedNames(e.compounds)})`,
        });
    }
    if (!rowIs && !mappedTo.has(batch.internalStandard)) {
      problems.push({
        code: 'INTERNAL_STANDARD_NOT_IN_FILE',
        message: `the internal standard ${batch.internalStandard} is not in the file (its compounds: ${listedNames(e.compounds)}); map its name to ${batch.internalStandard}`,
      });
    }
    // Samples → injections: by name, else by data file (with or without its extension). A name
    // the file gives several injections that their data files do not tell apart (a QC injected
    // twice under one name, without a data file, or in a .wiff holding the whole batch) is told
    // apart by its order: its k-th injection in the file is the list's `name#k`, and the list
    // must hold them in that order. The file's sample type checks the list's type; an instrument
    // check (TuneCheck, SST…) the list does not name is skipped, with a note.
    const byName = new Map(injections.map((i) => [i.name, i]));
    const ofName = new Map<string, FileInjection[]>();
    const dataFileUses = new Map<string, number>();
    for (const fi of e.injections) {
      const group = ofName.get(fi.name);
      if (group) group.push(fi);
      else ofName.set(fi.name, [fi]);
      if (fi.dataFile !== null)
        dataFileUses.set(fi.dataFile, (dataFileUses.get(fi.dataFile) ?? 0) + 1);
    }
    const ownDataFile = (fi: FileInjection) =>
      fi.dataFile !== null && dataFileUses.get(fi.dataFile) === 1;
    const byOrder = new Set(
      [...ofName].filter(([, g]) => g.length > 1 && !g.every(ownDataFile)).map(([n]) => n),
    );
    const repeatedUnmatched = new Map<string, number[]>();
    const repeatedMatched = new Map<string, { inj: InjectionForAnalysis; line: number }[]>();
    const fileToInjection = new Map<string, InjectionForAnalysis>();
    const used = new Map<string, FileInjection>();
    const skipped: LcmsSkippedInjectionDto[] = [];
    const skippedKeys = new Set<string>();
    const unknownTypes = new Map<string, { line: number; names: string[] }>();
    const typeWarnings: LcmsImportWarningDto[] = [];
    for (const fi of e.injections) {
      const key = `${fi.name}\u0000${fi.dataFile ?? ''}\u0000${fi.occurrence}`;
      const cls = classifySampleType(fi.sampleType);
      const repeated = byOrder.has(fi.name);
      if (fi.sampleType !== null && cls === null) {
        const seen = unknownTypes.get(fi.sampleType);
        if (seen) seen.names.push(fi.name);
        else unknownTypes.set(fi.sampleType, { line: fi.line, names: [fi.name] });
      }
      const byDataFile = () =>
        fi.dataFile
          ? (byName.get(fi.dataFile) ?? byName.get(stripExtension(fi.dataFile)))
          : undefined;
      // A repeated name's injection under a data file of its own may still be listed by it.
      const inj = repeated
        ? (byName.get(`${fi.name}#${ofName.get(fi.name)!.indexOf(fi) + 1}`) ??
          (fi.repeats > 1 ? undefined : byDataFile()))
        : (byName.get(fi.name) ?? byDataFile());
      if (!inj) {
        if (cls?.kind === 'not-in-batch') {
          skipped.push({
            name: fi.name,
            dataFile: fi.dataFile,
            sampleType: fi.sampleType!,
            line: fi.line,
            reason: `${fi.sampleType} is ${cls.meaning}, no part of the batch: its peaks are not imported`,
          });
          skippedKeys.add(key);
          continue;
        }
        if (repeated) {
          const lines = repeatedUnmatched.get(fi.name) ?? [];
          lines.push(fi.line);
          repeatedUnmatched.set(fi.name, lines);
          continue;
        }
        problems.push({
          code: 'UNKNOWN_INJECTION',
          line: fi.line,
          message: `sample "${fi.name}"${fi.dataFile ? ` (${fi.dataFile})` : ''} is not in the batch's injection list: ${listedNames(injections.map((i) => i.name))}`,
        });
        continue;
      }
      const prior = used.get(inj.id);
      if (prior !== undefined) {
        problems.push({
          code: 'INJECTION_TWICE',
          line: fi.line,
          message: injectionTwiceMessage(prior, fi, inj, dataFileUses),
        });
        continue;
      }
      used.set(inj.id, fi);
      const differs = sampleTypeDiffers(fi, cls, inj);
      if (differs) typeWarnings.push(differs);
      fileToInjection.set(key, inj);
      if (repeated) {
        const matched = repeatedMatched.get(fi.name) ?? [];
        matched.push({ inj, line: fi.line });
        repeatedMatched.set(fi.name, matched);
      }
    }
    for (const [name, unmatched] of repeatedUnmatched) {
      // Every injection of the name, matched or not, in file order.
      const lines = [...(repeatedMatched.get(name) ?? []).map((m) => m.line), ...unmatched].sort(
        (x, y) => x - y,
      );
      repeatedMatched.delete(name);
      const group = ofName.get(name)!;
      const dataFiles = new Set(group.map((g) => g.dataFile));
      const label = `"${name}"${dataFiles.size === 1 && group[0].dataFile ? ` (${group[0].dataFile})` : ''}`;
      const numbered = lines.map((_, k) => `${name}#${k + 1}`);
      const plain = byName.get(name);
      problems.push({
        code: 'REPEATED_SAMPLE_NAME',
        line: lines[0],
        message: `${label} names ${lines.length} injections of the file (lines ${lines.join(', ')}), told apart only by their order${plain ? `: the injection list's one ${name} cannot say which of them it is` : ''}. Name them ${numbered.join(', ')} in the injection list, in the file's order (${numbered[0]} the one on line ${lines[0]}), or give each injection its own sample name in the acquisition batch${dataFiles.has(null) ? ' (or export the data file column)' : ''} and export again.`,
      });
    }
    for (const matched of repeatedMatched.values()) {
      for (let k = 1; k < matched.length; k++) {
        const [before, after] = [matched[k - 1].inj, matched[k].inj];
        if (after.position > before.position) continue;
        problems.push({
          code: 'REPEATED_NAME_ORDER',
          line: matched[k].line,
          message: `line ${matched[k].line}: the file's injection ${after.name} comes after ${before.name} (line ${matched[k - 1].line}), but the injection list puts ${after.name} at position ${after.position}, before ${before.name} at ${before.position}: number the injections of a repeated name in the order the file has them.`,
        });
        break;
      }
    }
    const explained = new Set(repeatedUnmatched.keys());
    for (const inj of injections) {
      if (!used.has(inj.id) && !explained.has(inj.name))
        problems.push({
          code: 'INJECTION_NOT_IN_FILE',
          message: `injection ${inj.name} of the batch is not in the file`,
        });
    }
    const warnings: LcmsImportWarningDto[] = [
      ...typeWarnings,
      ...[...unknownTypes].map(([type, at]): LcmsImportWarningDto => ({
        code: 'unknown-sample-type',
        severity: 'info',
        message: `sample type "${type}" (first on line ${at.line}) is none this import knows; the injection list's type was used for ${listedNames(at.names)}`,
      })),
    ];
    if (problems.length > 0) throw exportDoesNotFit(`batch ${batch.name}`, problems);
    const peaks: { row: LcmsStoredPeak; forAnalysis: PeakForAnalysis }[] = [];
    for (const p of e.peaks as LcmsPeak[]) {
      const target = compoundMapping[p.compound];
      if (target === null || target === undefined) continue;
      const key = `${p.injection}\u0000${p.dataFile ?? ''}\u0000${p.occurrence}`;
      if (skippedKeys.has(key)) continue;
      const inj = fileToInjection.get(key)!;
      const internalStandard = target === batch.internalStandard;
      const row: LcmsStoredPeak = {
        injectionId: inj.id,
        analyte: target,
        internalStandard,
        fileCompound: p.compound,
        areaRaw: p.area.raw,
        area: p.area.value,
        isAreaRaw: p.isArea?.raw ?? null,
        isArea: p.isArea?.value ?? null,
        retentionTimeRaw: p.retentionTime?.raw ?? null,
        line: p.line,
      };
      peaks.push({
        row,
        forAnalysis: {
          injectionId: inj.id,
          analyte: target,
          internalStandard,
          area: row.area,
          isArea: row.isArea,
        },
      });
    }
    return { compoundMapping, peaks, skipped, warnings };
  }
}
