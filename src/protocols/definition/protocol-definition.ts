/**
 * The typed model of a protocol definition: one version of one of the lab's SOP templates, as
 * written in `protocols/<key>.v<version>.yaml` and as stored (and signed) in the database.
 *
 * The model is exactly the file's data, nothing derived, so that the content hash of a version
 * is the same whether it is computed from the file or from the stored JSON.
 */

/** The value types a setting may have. */
export const SETTING_TYPES = [
  'number',
  'integer',
  'string',
  'boolean',
  'enum',
  'string-list',
  'number-list',
] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

/**
 * Kinds of material a protocol uses. All but `reagent` are tracked LIMS materials (with barcode,
 * lineage and chain of custody); reagents are described so the SOP is complete.
 */
export const MATERIAL_KINDS = [
  'cell-line',
  'cryo-stock',
  'donor',
  'fecal-sample',
  'fecal-aliquot',
  'bacterial-culture',
  'reagent',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** Material kinds that are records in the LIMS, as opposed to reagents. */
export const TRACKED_MATERIAL_KINDS: readonly MaterialKind[] = MATERIAL_KINDS.filter(
  (k) => k !== 'reagent',
);

/** Whether a readout is measured by an instrument or a person, or computed from other readouts. */
export const READOUT_KINDS = ['measured', 'derived'] as const;
export type ReadoutKind = (typeof READOUT_KINDS)[number];

/** Relations a constraint may state between two numeric settings. */
export const CONSTRAINT_RULES = ['less-than', 'at-most'] as const;
export type ConstraintRule = (typeof CONSTRAINT_RULES)[number];

/** One step of the SOP, in order. */
export interface ProtocolStep {
  /** kebab-case, unique within the protocol. */
  id: string;
  title: string;
  description?: string;
  /** Typical duration, for planning. */
  durationHours?: number;
  /** Ids of the materials this step uses. */
  materials?: string[];
  /** Keys of the settings this step depends on. */
  settings?: string[];
  /** Ids of the readouts this step produces. */
  readouts?: string[];
}

/** A material the protocol runs on or uses. */
export interface ProtocolMaterial {
  /** kebab-case, unique within the protocol. */
  id: string;
  kind: MaterialKind;
  title: string;
  description?: string;
  /** A run must name at least one material for this slot (default true). */
  required?: boolean;
  /** A run may name several materials for this slot (default false). */
  multiple?: boolean;
}

/** Something the protocol records or computes. */
export interface ProtocolReadout {
  /** kebab-case, unique within the protocol. */
  id: string;
  title: string;
  kind: ReadoutKind;
  description?: string;
  unit?: string;
  /** For derived readouts: the readouts they are computed from. */
  from?: string[];
  /** The analysis that produces a derived readout, e.g. `dose-response/ll4`. */
  analysis?: string;
}

interface SettingBase {
  description: string;
  /** Short label for forms. */
  label?: string;
  /** Groups settings in forms and reports, e.g. `dose-escalation`, `qc`. */
  group?: string;
  /** A run must supply a value when there is no default (default false). */
  required?: boolean;
}

export interface NumberSetting extends SettingBase {
  type: 'number';
  unit: string;
  default?: number;
  min?: number;
  max?: number;
}

export interface IntegerSetting extends SettingBase {
  type: 'integer';
  unit?: string;
  default?: number;
  min?: number;
  max?: number;
}

export interface StringSetting extends SettingBase {
  type: 'string';
  default?: string;
  /** ECMAScript regular expression the whole value must match. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}

export interface BooleanSetting extends SettingBase {
  type: 'boolean';
  default?: boolean;
}

export interface EnumSetting extends SettingBase {
  type: 'enum';
  options: string[];
  default?: string;
}

export interface StringListSetting extends SettingBase {
  type: 'string-list';
  default?: string[];
  /** When given, every item must be one of these. */
  options?: string[];
  /** When given, every item must match. */
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

export interface NumberListSetting extends SettingBase {
  type: 'number-list';
  unit: string;
  default?: number[];
  /** Bounds on every item. */
  min?: number;
  max?: number;
  minItems?: number;
  maxItems?: number;
  /** Items must be strictly increasing (timepoints). */
  ascending?: boolean;
}

/** A setting of a protocol version: typed, with unit, default and bounds. */
export type ProtocolSetting =
  | NumberSetting
  | IntegerSetting
  | StringSetting
  | BooleanSetting
  | EnumSetting
  | StringListSetting
  | NumberListSetting;

/** A value a setting may take. */
export type SettingValue = number | string | boolean | string[] | number[];

/** A relation between two numeric settings, e.g. step-down threshold < step-up threshold. */
export interface SettingConstraint {
  left: string;
  rule: ConstraintRule;
  right: string;
  message?: string;
}

/** One version of one protocol. */
export interface ProtocolDefinition {
  /** kebab-case protocol key, e.g. `mtt-viability`. */
  key: string;
  /** Positive integer; the file is named `<key>.v<version>.yaml`. */
  version: number;
  title: string;
  description: string;
  steps: ProtocolStep[];
  materials: ProtocolMaterial[];
  readouts: ProtocolReadout[];
  /** Settings by camelCase key, in the file's order. */
  settings: Record<string, ProtocolSetting>;
  constraints?: SettingConstraint[];
}

/**
 * A problem found in a definition. `path` is the key path (`settings.stepFactor.default`,
 * `steps[2].id`); `line` and `column` (1-based) are present when the definition came from text.
 */
export interface DefinitionProblem {
  path: string;
  line?: number;
  column?: number;
  /** SCREAMING_SNAKE rule name, e.g. `DEFAULT_ABOVE_MAX`. */
  code: string;
  message: string;
}

/** Settings as `[key, setting]` pairs in the definition's order. */
export function listSettings(
  definition: Pick<ProtocolDefinition, 'settings'>,
): [string, ProtocolSetting][] {
  return Object.entries(definition.settings);
}

/** Formats a key path: `['steps', 2, 'id']` → `steps[2].id`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}
