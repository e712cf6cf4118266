import { describe, expect, it } from 'vitest';
import type { ReminderState } from '../../src/domain/release-schema.js';
import { planCorrection } from '../../src/scheduler/plan-correction.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { elsModel } from './fixtures.js';

const plannedAt = '2026-06-10T07:00:00.000Z';
const now = new Date('2026-06-08T10:00:00Z');
const reminders = planReminders({ releaseId: 'R-1', model: elsModel, plannedAt, now: new Date('2026-06-01T00:00:00Z'), timeZone: 'UTC' });
const told = reminders.map((r): ReminderState => (r.defId === 'announce-2d' ? { ...r, status: 'sent', sentAt: '2026-06-08T07:00:00.000Z', timing: 'on_time' } : r));
const input = { releaseId: 'R-1', previousPlannedAt: plannedAt, plannedAt: '2026-06-12T07:00:00.000Z', now };

describe('planCorrection', () => {
  it('adds a correction due at once when an announcement already went out with the old time', () => {
    const next = planCorrection(told, input);
    expect(next.at(-1)).toEqual({
      id: 'R-1:correction:1',
      defId: 'correction',
      kind: 'correction',
      dueAt: now.toISOString(),
      status: 'pending',
      attempts: 0,
      previousPlannedAt: plannedAt,
    });
  });

  it('adds nothing when nobody was told yet (the pending announcements simply move)', () => {
    expect(planCorrection(reminders, input)).toBe(reminders);
  });

  it('sends one correction for two quick reschedules, and none when the time is back to what people were told', () => {
    const first = planCorrection(told, input);
    const second = planCorrection(first, { ...input, previousPlannedAt: input.plannedAt, plannedAt: '2026-06-13T07:00:00.000Z' });
    expect(second.filter((r) => r.kind === 'correction')).toHaveLength(1);
    const back = planCorrection(second, { ...input, previousPlannedAt: '2026-06-13T07:00:00.000Z', plannedAt });
    expect(back.filter((r) => r.kind === 'correction').map((r) => r.status)).toEqual(['cancelled']);
  });

  it('corrects a correction that already went out, naming the time it told', () => {
    const sentCorrection = planCorrection(told, input).map((r): ReminderState => (r.kind === 'correction' ? { ...r, status: 'sent', sentAt: now.toISOString() } : r));
    const again = planCorrection(sentCorrection, { ...input, previousPlannedAt: input.plannedAt, plannedAt: '2026-06-14T07:00:00.000Z' });
    expect(again.at(-1)).toMatchObject({ id: 'R-1:correction:2', previousPlannedAt: input.plannedAt, status: 'pending' });
  });
});
