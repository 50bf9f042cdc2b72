import {
  TRACKED_MATERIAL_KINDS,
  type MaterialKind,
} from '../protocols/definition/protocol-definition';

/**
 * The rules that tie the kinds of material together: which kind may descend from which, which
 * kinds are stored frozen (and so count freeze–thaw cycles), and the statuses. Pure.
 */

/** Kinds of tracked material (the protocol material kinds without reagents). */
export type MaterialKindName = Exclude<MaterialKind, 'reagent'>;
export const MATERIAL_KIND_NAMES = TRACKED_MATERIAL_KINDS as readonly MaterialKindName[];

export const MATERIAL_STATUSES = ['available', 'consumed', 'discarded'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

export interface ParentRule {
  /** A parent must be given (false: optional, and absent for roots). */
  required: boolean;
  /** Kinds the parent may be; empty: the kind has no parent. */
  kinds: readonly MaterialKindName[];
  /** What the parent means, for messages and docs. */
  meaning: string;
}

/**
 * Which kind may descend from which. A derived cell population comes from a line or from a
 * revived cryo-stock; a cryo-stock freezes a population; aliquots split a fecal sample; a
 * culture is inoculated from a sample, an aliquot, or another culture (subculture).
 */
export const PARENT_RULES: Readonly<Record<MaterialKindName, ParentRule>> = {
  'cell-line': {
    required: false,
    kinds: ['cell-line', 'cryo-stock'],
    meaning: 'the line or revived cryo-stock a derived population was selected from',
  },
  'cryo-stock': { required: true, kinds: ['cell-line'], meaning: 'the population frozen' },
  donor: { required: false, kinds: [], meaning: 'none: donors are roots' },
  'fecal-sample': { required: true, kinds: ['donor'], meaning: 'the donor sampled' },
  'fecal-aliquot': { required: true, kinds: ['fecal-sample'], meaning: 'the sample aliquoted' },
  'bacterial-culture': {
    required: true,
    kinds: ['fecal-sample', 'fecal-aliquot', 'bacterial-culture'],
    meaning: 'the inoculum: a fecal sample or aliquot, or the culture subcultured',
  },
};

/** Kinds kept frozen between uses: they track `frozen` and a freeze–thaw count. */
export const FREEZABLE_KINDS: readonly MaterialKindName[] = [
  'cryo-stock',
  'fecal-sample',
  'fecal-aliquot',
];

export function isFreezable(kind: MaterialKindName): boolean {
  return FREEZABLE_KINDS.includes(kind);
}

export type ParentProblem =
  | { code: 'PARENT_REQUIRED'; message: string }
  | { code: 'PARENT_NOT_ALLOWED'; message: string }
  | { code: 'PARENT_KIND_NOT_ALLOWED'; message: string };

/**
 * Checks a child kind against its parent's kind (null: no parent). Returns the broken rule, or
 * null when the pair is allowed.
 */
export function checkParentKind(
  child: MaterialKindName,
  parent: MaterialKindName | null,
): ParentProblem | null {
  const rule = PARENT_RULES[child];
  if (parent === null) {
    return rule.required
      ? {
          code: 'PARENT_REQUIRED',
          message: `a ${child} needs a parent (${rule.meaning}): one of ${rule.kinds.join(', ')}`,
        }
      : null;
  }
  if (rule.kinds.length === 0) {
    return { code: 'PARENT_NOT_ALLOWED', message: `a ${child} has no parent (${rule.meaning})` };
  }
  if (!rule.kinds.includes(parent)) {
    return {
      code: 'PARENT_KIND_NOT_ALLOWED',
      message: `the parent of a ${child} must be a ${rule.kinds.join(' or ')} (${rule.meaning}), not a ${parent}`,
    };
  }
  return null;
}
