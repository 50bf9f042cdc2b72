// RDML (Real-time PCR Data Markup Language, the MIQE data-exchange format), versions 1.0–1.4:
// a zip holding rdml_data.xml, or the bare XML. Read with saxes (`xml-object.ts`) and fflate,
// never by hand. Samples (type, quantity of standards), targets (type, efficiency, primers), runs and
// their reactions (well position, Cq, exclusion).
import { unzipSync } from 'fflate';

import type {
  ParsedQpcrExport,
  QpcrParseProblem,
  QpcrParseResult,
  QpcrReaction,
  QpcrRunExport,
  QpcrTargetInfo,
  QpcrTask,
} from './qpcr-export';
import { MAX_QPCR_PROBLEMS } from './qpcr-export';
import {
  canonicalWell,
  plateSizeOfWells,
  readCqCell,
  readTaskCell,
  wellOfPosition,
} from './qpcr-cells';
import { readXmlObject, type XmlObject } from './xml-object';

const SUPPORTED_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4'];
/**
 * RDML 1.0 names a run's format in words and its plate reactions by well (`A1`); 1.1 replaced
 * that with rows × columns and positions (rdmlpython `migrate_version_1_0_to_1_1`). Only the
 * plate formats name wells; rotors, single tubes and free format do not.
 */
const V10_PLATES: Record<string, [number, number]> = {
  '48-well plate; a1-f8': [6, 8],
  '96-well plate; a1-h12': [8, 12],
  '384-well plate; a1-p24': [16, 24],
};
/** An RDML file's XML is a few MB; a zip entry that inflates beyond this is refused. */
const MAX_XML_BYTES = 256 * 1024 * 1024;

type Node = XmlObject;

/** Elements that may repeat, by their path (a reaction's single <sample> is not one of them). */
const ARRAYS = new Set([
  'rdml.sample',
  'rdml.sample.type',
  'rdml.sample.quantity',
  'rdml.target',
  'rdml.target.type',
  'rdml.dye',
  'rdml.experiment',
  'rdml.experiment.run',
  'rdml.experiment.run.react',
  'rdml.experiment.run.react.data',
]);
/** Amplification and melt curves are not needed for Cq: checked as XML, not kept. */
const CURVES = new Set([
  'rdml.experiment.run.react.data.adp',
  'rdml.experiment.run.react.data.mdp',
]);

/** The problem of a run whose positions are no plate wells (a rotor, single tubes, free format). */
function notPlate(run: string, format: string): QpcrParseProblem {
  return {
    where: `run "${run}"`,
    field: 'pcrFormat',
    message: `${format} names tube positions, not plate wells A1–P24; ThioLab reads reactions by plate well: send a plate run, or the Cq values as a long CSV (well, sample, target, cq) with the wells you assign`,
  };
}

function refuse(message: string, where = 'file'): QpcrParseResult {
  return { ok: false, format: 'rdml', problems: [{ where, message }] };
}

/** True for a zip (PK) archive, or a text whose first element is <rdml. */
export function looksLikeRdml(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096));
    return head.includes('rdml_data.xml') || head.includes('.xml');
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString(
    'utf8',
  );
  return /<rdml[\s>]/.test(head);
}

/** The XML text of an RDML file: the zip's rdml_data.xml (or its only .xml entry), or the bytes. */
function rdmlXml(bytes: Uint8Array): { ok: true; xml: string } | { ok: false; message: string } {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    return {
      ok: true,
      xml: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    };
  }
  let entries: Record<string, Uint8Array>;
  let tooBig = false;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (!/\.xml$/i.test(f.name)) return false;
        if (f.originalSize > MAX_XML_BYTES) {
          tooBig = true;
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    return { ok: false, message: `the zip archive cannot be read (${(e as Error).message})` };
  }
  if (tooBig) return { ok: false, message: 'the XML inside the zip is larger than 256 MB' };
  const names = Object.keys(entries);
  const name =
    names.find((n) => /(^|\/)rdml_data\.xml$/i.test(n)) ??
    (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    return {
      ok: false,
      message: `the zip holds no rdml_data.xml (entries: ${names.join(', ') || 'none'}); send an RDML file`,
    };
  }
  return {
    ok: true,
    xml: Buffer.from(entries[name])
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  };
}

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && '#text' in (v as Node)) return text((v as Node)['#text']);
  return null;
}

function list(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Node[];
}

function idOf(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return null;
  const id = (v as Node)['@_id'];
  return typeof id === 'string' ? id : null;
}

interface SampleInfo {
  /** Type per target id ('' = for every target). */
  types: Map<string, string>;
  /** Quantity value per target id ('' = for every target), as written. */
  quantities: Map<string, string>;
}

/**
 * Reads an RDML file (zip or bare XML). Reactions are placed on the plate from their id (the
 * 1-based position, row by row, on the run's pcrFormat) or from a well name. A Cq of −1 (RDML's
 * "no Cq") or an absent Cq is undetermined; `excl` marks the reaction omitted.
 */
export function parseRdml(bytes: Uint8Array): QpcrParseResult {
  const got = rdmlXml(bytes);
  if (!got.ok) return refuse(got.message);
  const read = readXmlObject(got.xml, { arrays: ARRAYS, skip: CURVES });
  if (!read.ok) {
    return read.problem === 'doctype'
      ? refuse('the XML declares a DOCTYPE; RDML files have none (refused for safety)')
      : refuse(
          `the XML is malformed: ${read.message}`,
          `XML line ${read.line}, column ${read.column}`,
        );
  }
  const root = read.document.rdml;
  if (root === undefined || typeof root !== 'object' || Array.isArray(root)) {
    return refuse('the XML has no <rdml> root element; send an RDML file');
  }
  const version = text(root['@_version']) ?? '';
  if (!SUPPORTED_VERSIONS.includes(version)) {
    return refuse(
      `RDML version "${version}" is not supported (1.0–1.4); re-save it with RDML-Tools`,
    );
  }

  const samples = new Map<string, SampleInfo>();
  for (const s of list(root.sample)) {
    const id = idOf(s);
    if (id === null) continue;
    const info: SampleInfo = { types: new Map(), quantities: new Map() };
    for (const t of list(s.type)) {
      const targetId = typeof t === 'object' ? (text((t as Node)['@_targetId']) ?? '') : '';
      info.types.set(targetId, text(t) ?? '');
    }
    for (const q of list(s.quantity)) {
      const targetId = text(q['@_targetId']) ?? '';
      const value = text(q.value);
      if (value !== null) info.quantities.set(targetId, value);
    }
    samples.set(id, info);
  }

  const targets: QpcrTargetInfo[] = [];
  for (const t of list(root.target)) {
    const id = idOf(t);
    if (id === null) continue;
    const type = text(list(t.type)[0]);
    const eff = Number(text(t.amplificationEfficiency) ?? NaN);
    const seq = (t.sequences ?? {}) as Node;
    const seqOf = (k: string) => text(((seq[k] ?? {}) as Node).sequence);
    targets.push({
      name: id,
      type: type === 'ref' ? 'reference' : type === 'toi' ? 'target' : null,
      // RDML states E as the amplification factor (1.95); values ≤ 1 are not one and are dropped.
      amplificationFactor: Number.isFinite(eff) && eff > 1 && eff <= 3 ? eff : null,
      forwardPrimer: seqOf('forwardPrimer'),
      reversePrimer: seqOf('reversePrimer'),
      amplicon: seqOf('amplicon'),
      // RDML 1.0 writes the dye as the element's text, later versions as its id attribute.
      dye: idOf(t.dyeId) ?? text(t.dyeId),
    });
  }
  const targetDye = new Map(targets.map((t) => [t.name, t.dye]));

  const problems: QpcrParseProblem[] = [];
  const runs: QpcrRunExport[] = [];
  const runNames = new Set<string>();
  // RDML 1.3 digital PCR: reactions with partitions and no qPCR data.
  let anyPartitions = false;
  for (const exp of list(root.experiment)) {
    for (const run of list(exp.run)) {
      let name = idOf(run) ?? `run ${runs.length + 1}`;
      if (runNames.has(name)) name = `${idOf(exp) ?? 'experiment'}/${name}`;
      runNames.add(name);
      let rows: number;
      let columns: number;
      if (typeof run.pcrFormat === 'string') {
        // RDML 1.0: the format in words.
        const plate = V10_PLATES[run.pcrFormat.trim().toLowerCase().replace(/\s+/g, ' ')];
        if (plate === undefined) {
          problems.push(notPlate(name, `pcrFormat "${run.pcrFormat}"`));
          continue;
        }
        [rows, columns] = plate;
      } else {
        const format = (run.pcrFormat ?? {}) as Node;
        rows = Number(text(format.rows) ?? NaN);
        columns = Number(text(format.columns) ?? NaN);
        // Rows labelled 1, 2, 3… (rotors, single tubes) are positions, not plate rows A–P: a
        // position must not become an invented well such as E1.
        const rowLabel = text(format.rowLabel);
        if (rowLabel !== null && rowLabel.trim().toUpperCase() !== 'ABC') {
          problems.push(notPlate(name, `pcrFormat rowLabel "${rowLabel}" (${rows} × ${columns})`));
          continue;
        }
      }
      const reactions: QpcrReaction[] = [];
      const seen = new Set<string>();
      // Whether any reaction states a Cq, and whether any holds an amplification curve.
      let anyCq = false;
      let anyCurve = false;
      for (const react of list(run.react)) {
        if (problems.length >= MAX_QPCR_PROBLEMS) break;
        if (react.partitions !== undefined) anyPartitions = true;
        const rid = idOf(react) ?? '';
        const where = `reaction ${rid} of run "${name}"`;
        let well: string | null;
        if (/^\d+$/.test(rid)) {
          const pos = Number(rid);
          const cols = Number.isFinite(columns) && columns > 0 ? columns : 12;
          const max = Number.isFinite(rows) && rows > 0 ? rows * cols : Infinity;
          well =
            pos >= 1 && pos <= max && pos <= 384 ? canonicalWell(wellOfPosition(pos, cols)) : null;
        } else {
          well = canonicalWell(rid);
        }
        if (well === null) {
          problems.push({
            where,
            message: `reaction id "${rid}" is no position on the ${rows}×${columns} plate`,
          });
          continue;
        }
        const sampleId = idOf(react.sample) ?? '';
        const sample = samples.get(sampleId);
        if (sample === undefined) {
          problems.push({
            where,
            field: 'sample',
            message: `sample "${sampleId}" is not declared in the file`,
          });
          continue;
        }
        for (const data of list(react.data)) {
          if (data.cq !== undefined) anyCq = true;
          if (data.adp !== undefined) anyCurve = true;
          const target = idOf(data.tar) ?? '';
          const cqRaw = text(data.cq);
          const cq = readCqCell(cqRaw ?? '', true);
          if (!cq.ok) {
            problems.push({
              where,
              field: 'cq',
              message: `well ${well}, target "${target}": ${cq.message}`,
            });
            continue;
          }
          const typeWord = sample.types.get(target) ?? sample.types.get('') ?? 'unkn';
          const task = readTaskCell(typeWord, false);
          if (!task.ok) {
            problems.push({
              where,
              field: 'type',
              message: `sample "${sampleId}": ${task.message}`,
            });
            continue;
          }
          const key = `${well}\u0000${target}`;
          if (seen.has(key)) {
            problems.push({ where, message: `well ${well} holds target "${target}" twice` });
            continue;
          }
          seen.add(key);
          const quantityRaw = sample.quantities.get(target) ?? sample.quantities.get('') ?? null;
          const quantity = quantityRaw === null ? null : Number(quantityRaw);
          const tsk: QpcrTask = task.task;
          if (
            tsk === 'standard' &&
            (quantity === null || !Number.isFinite(quantity) || quantity <= 0)
          ) {
            problems.push({
              where,
              field: 'quantity',
              message: `standard sample "${sampleId}" has no positive quantity for target "${target}"`,
            });
            continue;
          }
          const excl = text(data.excl);
          reactions.push({
            well,
            sample: sampleId,
            target,
            task: tsk,
            cq: cq.cq,
            cqStatus: cq.status,
            cqRaw: cqRaw ?? '',
            quantity: tsk === 'standard' ? quantity : null,
            quantityRaw,
            dye: targetDye.get(target) ?? null,
            omitted: excl !== null && excl.trim() !== '',
            source: where,
          });
        }
      }
      if (anyCurve && !anyCq && reactions.length > 0) {
        // Raw curves only (the input of LinRegPCR or RDML-Tools): without a Cq every reaction
        // would read as "did not amplify".
        problems.push({
          where: `run "${name}"`,
          field: 'cq',
          message:
            'the run holds amplification curves but no reaction states a Cq; ThioLab does not compute Cq from curves: analyse the run (cycler software, LinRegPCR or RDML-Tools) and export it with its Cq values',
        });
        continue;
      }
      const plateSize =
        Number.isFinite(rows) && Number.isFinite(columns)
          ? rows * columns
          : plateSizeOfWells(reactions.map((r) => r.well));
      runs.push({ name, plateSize, reactions });
    }
  }
  if (problems.length > 0) return { ok: false, format: 'rdml', problems };
  if (runs.length === 0 || runs.every((r) => r.reactions.length === 0)) {
    return refuse(
      anyPartitions
        ? 'the RDML file holds digital PCR partitions, no qPCR reaction with a Cq; ThioLab reads qPCR runs: export the qPCR run with its Cq values'
        : 'the RDML file holds no run with reactions',
    );
  }
  const metadata: Record<string, string> = { rdmlVersion: version };
  const dyes = list(root.dye)
    .map(idOf)
    .filter((d): d is string => d !== null);
  if (dyes.length > 0) metadata.dyes = dyes.join(', ');
  const value: ParsedQpcrExport = { format: 'rdml', metadata, runs, targets };
  return { ok: true, value };
}
