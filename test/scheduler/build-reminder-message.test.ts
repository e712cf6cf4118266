import { describe, expect, it } from 'vitest';
import type { Release, ReminderState } from '../../src/domain/release-schema.js';
import { buildReminderMessage } from '../../src/scheduler/build-reminder-message.js';
import { releaseWith } from './fixtures.js';

const now = new Date('2026-03-01T00:00:00Z');
const alice = { id: 'console:alice', name: 'Alice' };
const bob = { id: 'console:bob', name: 'Bob' };

function release(tz = 'Europe/Berlin'): Release {
  return releaseWith({ plannedAt: '2026-03-30T07:00:00Z', now, timeZone: tz });
}
/** Deployed at the planned time: its reminders are those that follow the deployment. */
function deployed(): Release {
  return releaseWith({ plannedAt: '2026-03-30T07:00:00Z', deployedAt: '2026-03-30T07:00:00Z', now, timeZone: 'Europe/Berlin' });
}
function reminder(r: Release, defId: string): ReminderState {
  const found = r.reminders.find((x) => x.defId === defId);
  if (!found) throw new Error(`fixture has no reminder ${defId}`);
  return found;
}

describe('buildReminderMessage', () => {
  it('titles the reminder and fills the placeholders, with the planned time in the team time zone', () => {
    const r = release();
    const msg = buildReminderMessage(r, reminder(r, 'announce-2d'), 'Europe/Berlin');
    expect(msg.title).toBe('T-2d user communication · R-42 Checkout v2');
    // Nobody holds comms in the release's place: the release manager stands in, and the reminder says so.
    expect(msg.text).toBe('Announce Checkout v2 (R-42, Major) planned for Mon 30 Mar 2026, 09:00 CEST. Nobody holds the Comms role here, so this is for the release manager: staff it with "roles add comms @name".');
    expect(msg.draft).toBe('Heads-up: Checkout v2 goes live Mon 30 Mar 2026, 09:00 CEST.');
    expect(msg).toMatchObject({ releaseId: 'R-42', reminderId: 'R-42:announce-2d', kind: 'communication', timing: 'on_time', dueAt: '2026-03-28T08:00:00.000Z' });
    expect(buildReminderMessage(r, reminder(r, 'announce-2d'), 'America/New_York').text).toContain('Mon 30 Mar 2026, 03:00 EDT');
  });

  it('mentions the assignees of open steps owned by the roles, and the release manager only as a stand-in', () => {
    const r = deployed();
    r.steps = r.steps.map((s) =>
      s.stepId === 'hypercare' ? { ...s, assignee: alice } : s.stepId === 'deploy' ? { ...s, assignee: bob, state: 'done' as const } : s,
    );
    const checkin = buildReminderMessage(r, reminder(r, 'els-1d'), 'UTC');
    expect(checkin.roles).toEqual(['support', 'ops']);
    // Bob's ops step is done and nobody holds ops here: the release manager stands in for ops, and it says so.
    expect(checkin.mentions).toEqual([alice, r.releaseManager]);
    expect(checkin.text).toMatch(/Nobody holds the Ops role here/);
    const announce = buildReminderMessage(r, reminder(r, 'live'), 'UTC');
    expect(announce.mentions).toEqual([r.releaseManager]); // nobody assigned to comms
  });

  it('mentions the people who hold the roles in the release\'s place, and says nothing of staffing then', () => {
    const r = deployed();
    const carol = { id: 'console:carol', name: 'carol' };
    const dave = { id: 'console:dave', name: 'dave' };
    const announce = buildReminderMessage(r, reminder(r, 'live'), 'UTC', new Date(), { comms: [carol] });
    expect(announce.mentions).toEqual([carol]);
    expect(announce.text).not.toMatch(/Nobody holds/);
    const checkin = buildReminderMessage(r, reminder(r, 'els-1d'), 'UTC', new Date(), { support: [dave], ops: [carol] });
    expect(checkin.mentions).toEqual([dave, carol]);
  });

  it('adds the release manager when the reminder names that role', () => {
    const r = release();
    r.steps = r.steps.map((s) => (s.stepId === 'announce' ? { ...s, assignee: bob } : s));
    const msg = buildReminderMessage(r, reminder(r, 'announce-1h'), 'UTC');
    expect(msg.mentions).toEqual([bob, r.releaseManager]);
    expect(msg.title).toBe('T-1h user communication · R-42 Checkout v2');
  });

  it('lists the exit criteria on the ELS exit review', () => {
    const r = deployed();
    const msg = buildReminderMessage(r, reminder(r, 'els-exit'), 'UTC');
    expect(msg.title).toBe('T+3d ELS exit review · R-42 Checkout v2');
    expect(msg.exitCriteria).toEqual(['No P1 incidents for 3 days', 'Support backlog back to normal']);
    expect(msg.draft).toBeUndefined();
  });

  it('tells the release manager how to close the release, with every outcome', () => {
    const r = deployed();
    const msg = buildReminderMessage(r, reminder(r, 'close-nudge'), 'Europe/Berlin');
    expect(msg.kind).toBe('close_nudge');
    expect(msg.roles).toEqual(['release_manager']);
    expect(msg.mentions).toEqual([r.releaseManager]);
    expect(msg.text).toContain('early life support window has ended');
    expect(msg.text).toContain('close R-42 success|failed|rolled_back|hotfix');
  });

  it('carries the timing it is given, so a late or overdue reminder says so', () => {
    const r = deployed();
    expect(buildReminderMessage(r, { ...reminder(r, 'live'), timing: 'late' }, 'UTC').timing).toBe('late');
    expect(buildReminderMessage(r, { ...reminder(r, 'live'), timing: 'overdue' }, 'UTC').timing).toBe('overdue');
  });
});
