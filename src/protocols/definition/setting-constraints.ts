import { convertUnit } from '../../common/units/units';
import type { ConstraintRule, SettingConstraint } from './protocol-definition';

/** A numeric value with its unit (or none for a plain integer count). */
export interface NumericOperand {
  value: number;
  unit?: string;
}

/** Outcome of evaluating one constraint; `undefined` means it could not be evaluated. */
export type ConstraintCheck =
  { holds: true } | { holds: false; message: string } | { holds: undefined; message: string };

const RULE_TEXT: Record<ConstraintRule, string> = { 'less-than': '<', 'at-most': '≤' };

/**
 * Evaluates `left <rule> right`, converting `right` into `left`'s unit first (so a step-down
 * threshold in % compares with a step-up threshold in %, a start dose in nM with a target in µM).
 * Operands without a unit compare only with operands without a unit.
 */
export function checkConstraint(
  constraint: SettingConstraint,
  left: NumericOperand,
  right: NumericOperand,
): ConstraintCheck {
  let rightValue = right.value;
  if (left.unit !== undefined || right.unit !== undefined) {
    if (left.unit === undefined || right.unit === undefined) {
      return { holds: undefined, message: 'one operand has a unit and the other has none' };
    }
    const converted = convertUnit(right.value, right.unit, left.unit);
    if (!converted.ok) return { holds: undefined, message: converted.message };
    rightValue = converted.value;
  }
  const holds =
    constraint.rule === 'less-than' ? left.value < rightValue : left.value <= rightValue;
  if (holds) return { holds: true };
  return { holds: false, message: describeViolation(constraint, left, right) };
}

/** Human text for a violated constraint, using the author's message when there is one. */
export function describeViolation(
  constraint: SettingConstraint,
  left: NumericOperand,
  right: NumericOperand,
): string {
  const fmt = (o: NumericOperand) => (o.unit ? `${o.value} ${o.unit}` : String(o.value));
  const base = `${constraint.left} (${fmt(left)}) must be ${RULE_TEXT[constraint.rule]} ${constraint.right} (${fmt(right)})`;
  return constraint.message ? `${constraint.message}: ${base}` : base;
}
