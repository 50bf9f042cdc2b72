import type { EntityManager } from 'typeorm';
import { newId } from '../base.entity';
import type { Actor } from '../auth/roles';
import { DomainError } from '../errors/domain.error';
import { RecordContribution } from './record-contribution.entity';

/**
 * Separation of duties (DESIGN.md, Trust rules): nobody who created, edited, started,
 * completed, submitted, recorded data on or amended a record reviews or approves it, whatever
 * roles they hold. Every service that does one of these actions calls {@link recordContribution}
 * in its own transaction; every decision (run return/approve, protocol version approve/reject,
 * amendment approve/reject) calls {@link assertMayDecide} first. The record's operator or author
 * column is not enough: a manager may create a run naming a scientist and do the work himself.
 */

/** The records whose review or approval is guarded. */
export type DecidedEntity = 'run' | 'protocol_version' | 'run_amendment';

/** The disqualifying actions. */
export type ContributionAction =
  | 'created'
  | 'edited'
  | 'started'
  | 'completed'
  | 'submitted'
  | 'recorded-data'
  | 'amended'
  | 'authored';

export interface ContributionTarget {
  entity: DecidedEntity;
  id: string;
}

/**
 * Records that `by` did `action` on the record, inside the caller's transaction (it commits or
 * rolls back with the action). The first occurrence of each action per user and record is kept.
 */
export async function recordContribution(
  manager: EntityManager,
  by: Pick<Actor, 'userId'>,
  target: ContributionTarget,
  action: ContributionAction,
  detail?: string,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(RecordContribution)
    .values({
      id: newId(),
      entity: target.entity,
      entityId: target.id,
      userId: by.userId,
      action,
      detail: detail ? detail.slice(0, 300) : null,
      at: new Date().toISOString(),
    })
    .orIgnore()
    .execute();
}

/** The user's earliest disqualifying action on the record, or null when there is none. */
export function disqualifyingContribution(
  manager: EntityManager,
  userId: string,
  target: ContributionTarget,
): Promise<RecordContribution | null> {
  return manager.getRepository(RecordContribution).findOne({
    where: { entity: target.entity, entityId: target.id, userId },
    order: { at: 'ASC', id: 'ASC' },
  });
}

/** Users with at least one disqualifying action on the record (for allowedActions in lists). */
export async function contributorsOf(
  manager: EntityManager,
  target: ContributionTarget,
): Promise<Set<string>> {
  const rows = await manager.getRepository(RecordContribution).find({
    select: { userId: true },
    where: { entity: target.entity, entityId: target.id },
  });
  return new Set(rows.map((r) => r.userId));
}

/**
 * Refuses (403 SELF_APPROVAL_FORBIDDEN) a review or approval by a user who contributed to the
 * record. The message names the rule and the earliest disqualifying action with its date.
 */
export async function assertMayDecide(
  manager: EntityManager,
  actor: Pick<Actor, 'userId'>,
  target: ContributionTarget,
  decision: string,
  /** More members for the problem body: the transition's `action`, `from`, `to`, … */
  extensions: Record<string, unknown> = {},
): Promise<void> {
  const earlier = await disqualifyingContribution(manager, actor.userId, target);
  if (!earlier) return;
  const message = `${RULES[target.entity]}; ${describeContribution(earlier, target.entity)}`;
  throw new DomainError(
    'SELF_APPROVAL_FORBIDDEN',
    `you may not ${decision} this ${NOUNS[target.entity]}: ${message}`,
    [{ field: 'actor', code: 'SEPARATION_OF_DUTIES', message }],
    {
      ...extensions,
      rule: 'separation-of-duties',
      disqualifiedBy: { action: earlier.action, at: earlier.at, detail: earlier.detail },
    },
  );
}

/**
 * The refusal for the record's owner (a run's operator, a version's author) when no recorded
 * action names them: the lifecycle's owner rule, worded as the same separation-of-duties rule.
 */
export function ownerRefusal(
  target: ContributionTarget,
  owner: 'operator' | 'author',
  decision: string,
  extensions: Record<string, unknown> = {},
): DomainError {
  const message = `${RULES[target.entity]}; you are the ${owner} of this ${NOUNS[target.entity]}`;
  return new DomainError(
    'SELF_APPROVAL_FORBIDDEN',
    `you may not ${decision} this ${NOUNS[target.entity]}: ${message}`,
    [{ field: 'actor', code: 'SEPARATION_OF_DUTIES', message }],
    { ...extensions, rule: 'separation-of-duties', disqualifiedBy: { action: owner } },
  );
}

const NOUNS: Record<DecidedEntity, string> = {
  run: 'run',
  protocol_version: 'protocol version',
  run_amendment: 'amendment',
};

const RULES: Record<DecidedEntity, string> = {
  run:
    'separation of duties: nobody who created, edited, started, completed, submitted, recorded ' +
    'data on or amended a run may review or approve it, whatever roles they hold',
  protocol_version:
    'separation of duties: nobody who authored, edited or submitted a protocol version may ' +
    'approve or reject it, whatever roles they hold',
  run_amendment:
    'separation of duties: the author of an amendment may not approve or reject it, whatever ' +
    'roles they hold',
};

const PAST: Record<ContributionAction, string> = {
  created: 'created',
  edited: 'edited',
  started: 'started',
  completed: 'completed',
  submitted: 'submitted',
  'recorded-data': 'recorded data on',
  amended: 'requested an amendment of',
  authored: 'authored',
};

/** `you started this run on 2026-12-06 07:31 UTC`, with what was recorded for data. */
export function describeContribution(
  c: Pick<RecordContribution, 'action' | 'at' | 'detail'>,
  entity: DecidedEntity,
): string {
  const verb = PAST[c.action as ContributionAction] ?? c.action;
  const when = `${c.at.slice(0, 16).replace('T', ' ')} UTC`;
  const what = c.detail ? ` (${c.detail})` : '';
  return `you ${verb} this ${NOUNS[entity]} on ${when}${what}`;
}
