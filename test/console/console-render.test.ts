import { describe, expect, it } from 'vitest';
import { buildChecklistView } from '../../src/view/build-checklist-view.js';
import type { ReminderMessage } from '../../src/scheduler/reminder-message.js';
import { makeRelease } from '../helpers/make-release.js';
import { renderChecklist } from '../../adapters/console/render/render-checklist.js';
import { renderReminder } from '../../adapters/console/render/render-reminder.js';

const NOW = new Date('2026-03-05T10:00:00Z');

describe('console renderers', () => {
  it('draws the checklist by phase with who did what, skip reasons, assignees and overdue steps, in the configured zone', () => {
    const base = makeRelease({ stepCount: 5 });
    const release = makeRelease({
      stepCount: 5,
      steps: base.steps.map((s, i) =>
        i === 0
          ? { ...s, state: 'done', by: { id: 'console:alice', name: 'alice' }, at: '2026-03-05T09:02:00Z' }
          : i === 1
            ? { ...s, state: 'skipped', by: { id: 'console:bob', name: 'bob' }, at: '2026-03-04T08:00:00Z', reason: 'no users affected' }
            : i === 2
              ? { ...s, assignee: { id: 'console:carol', name: 'carol' } }
              : s,
      ),
    });
    const text = renderChecklist(buildChecklistView(release, NOW, 'Europe/Berlin'), { timeZone: 'Europe/Berlin', now: NOW });
    expect(text).toContain('R-1 · Release R-1');
    expect(text).toContain('Deploy: Thu 5 Mar 2026, 15:00 CET · RM: rita · Status: Planned');
    expect(text).toContain('Progress: 2/5 (1 done, 1 skipped, 3 open)');
    expect(text).toMatch(/ {2}Build \(1\/1\)\n {4}1\. \[x\] Do step 1 — Dev · done by alice 10:02/);
    expect(text).toMatch(/2\. \[-\] Do step 2 — Ops · skipped by bob: no users affected/);
    // Step 3 is due a day before deployment, which has passed.
    expect(text).toMatch(/3\. \[ \] Do step 3 — Release manager · due Wed 4 Mar, 15:00 OVERDUE · assigned to carol · marks deployment/);
    expect(text).toMatch(/4\. \[ \] Do step 4 — Comms · due Thu 5 Mar, 16:00$/m);
    expect(text).not.toMatch(/4\. .*OVERDUE/);
  });

  it('says a finished release can no longer change', () => {
    const release = makeRelease({ status: 'cancelled', cancelledAt: '2026-03-05T09:00:00Z' });
    const text = renderChecklist(buildChecklistView(release, NOW, 'UTC'), { timeZone: 'UTC', now: NOW });
    expect(text).toContain('Status: Cancelled');
    expect(text).toContain('This release is finished: its steps can no longer change.');
    // Its record still holds pending reminders, but a cancelled release sends nothing.
    expect(release.reminders.some((r) => r.status === 'pending')).toBe(true);
    expect(text).not.toContain('Next reminder');
  });

  it('renders a reminder with mentions, the draft as an indented block, exit criteria as a list, and the timing note', () => {
    const message: ReminderMessage = {
      releaseId: 'R-7',
      reminderId: 'R-7:exit',
      kind: 'els_exit_review',
      title: 'ELS exit review for R-7',
      text: 'Hold the exit review.\nDecide whether support hands over.',
      roles: ['release_manager', 'support'],
      mentions: [{ id: 'console:rita', name: 'rita' }, { id: 'console:sam', name: 'sam' }],
      draft: 'Line one\nLine two',
      exitCriteria: ['No open P1 incidents', 'Error rate back to baseline'],
      timing: 'late',
      dueAt: '2026-03-08T14:00:00Z',
    };
    expect(renderReminder(message, 'UTC')).toBe(
      [
        '⏰ ELS exit review for R-7 (late: it came due while the bot was down)',
        '   Due Sun 8 Mar 2026, 14:00 UTC',
        '   Hold the exit review.',
        '   Decide whether support hands over.',
        '   For: @rita @sam',
        '   Draft to copy:',
        '     | Line one',
        '     | Line two',
        '   Exit criteria:',
        '     - No open P1 incidents',
        '     - Error rate back to baseline',
      ].join('\n'),
    );
    expect(renderReminder({ ...message, timing: 'on_time', draft: undefined, exitCriteria: undefined, mentions: [] }, 'UTC')).toBe(
      ['⏰ ELS exit review for R-7', '   Due Sun 8 Mar 2026, 14:00 UTC', '   Hold the exit review.', '   Decide whether support hands over.'].join('\n'),
    );
  });
});
