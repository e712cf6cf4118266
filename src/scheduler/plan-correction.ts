import type { ReminderState } from '../domain/release-schema.js';
import { CORRECTION_DEF_ID } from './reminder-due-at.js';

export interface CorrectionInput {
  releaseId: string;
  /** The planned time before the reschedule, and after it. */
  previousPlannedAt: string;
  plannedAt: string;
  now: Date;
}

/**
 * After a reschedule, people who were already told the old time must hear the new one: when a communication
 * reminder (or an earlier correction) has gone out, a correction is due at once. One still waiting keeps the time
 * people were told and reads the new time when it is sent, so two quick reschedules send one correction, and none
 * when the time is back to what people were told. Pure.
 */
export function planCorrection(current: ReminderState[], input: CorrectionInput): ReminderState[] {
  if (input.previousPlannedAt === input.plannedAt) return current;
  const waiting = current.find((r) => r.kind === 'correction' && r.status === 'pending');
  if (waiting) {
    if (waiting.previousPlannedAt !== input.plannedAt) return current;
    const { nextAttemptAt: _n, ...rest } = waiting;
    return current.map((r) => (r === waiting ? { ...rest, status: 'cancelled' as const } : r));
  }
  const told = current.some((r) => (r.kind === 'communication' || r.kind === 'correction') && (r.status === 'sent' || r.status === 'sending'));
  if (!told) return current;
  const n = current.filter((r) => r.kind === 'correction').length + 1;
  const at = input.now.toISOString();
  return [
    ...current,
    { id: `${input.releaseId}:${CORRECTION_DEF_ID}:${n}`, defId: CORRECTION_DEF_ID, kind: 'correction', dueAt: at, status: 'pending', attempts: 0, previousPlannedAt: input.previousPlannedAt },
  ];
}
