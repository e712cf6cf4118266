import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReleaseService } from '../../src/app/create-release-service.js';
import type { ReleaseService } from '../../src/app/release-service.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { WatchedReleaseStore } from '../../src/storage/watch-release-changes.js';
import type { ReminderScheduler } from '../../src/scheduler/create-reminder-scheduler.js';
import { RecordingSender } from './fixtures.js';
import { recordingLogger, schedulerFor, tempDir, watched } from './harness.js';

/*
 * The reminder rules through the real release service, the default models and the file store, on a fake clock:
 * what a release manager would see in the thread.
 */
const T0 = new Date('2026-12-05T10:00:00Z'); // a Saturday
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const rita = { id: 'console:rita', name: 'rita' };
const location = { surface: 'console' as const, channelId: 'console', messageIds: {} };
/** Answers that classify as the default Minor release (announcement the day before, three days of ELS). */
const minor = { title: 'Search v3', urgency: 'planned', kind: 'application', userFacing: true, impact: 'medium', risk: 'medium', rollback: 'easy' };
const major = { ...minor, title: 'Ledger v2', impact: 'high' };

let store: WatchedReleaseStore;
let service: ReleaseService;
let sender: RecordingSender;
let scheduler: ReminderScheduler;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  vi.useFakeTimers({ now: T0 });
  const tmp = await tempDir();
  store = watched(await openLowdbStore({ dataDir: tmp.dir }));
  service = createReleaseService({ store, catalog: await loadCatalog('models'), clock: systemClock, timeZone: 'UTC', logger: silentLogger, deployNudgeAfterMs: HOUR });
  sender = new RecordingSender();
  scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { timeZone: 'UTC' });
  cleanup = async () => {
    await store.close();
    await tmp.remove();
  };
});
afterEach(async () => {
  vi.useRealTimers();
  await cleanup();
});

/** What one tick sent, by reminder id; overdue-step nudges have their own tests (step-nudges.test.ts) and are left out here. */
async function tickAt(time: Date): Promise<string[]> {
  vi.setSystemTime(time);
  const before = sender.delivered.length;
  await scheduler.tick();
  return sender.delivered
    .slice(before)
    .filter((m) => m.kind !== 'step_overdue' && m.kind !== 'step_escalation')
    .map((m) => m.reminderId.replace(/^R-\d+:/, ''));
}
const last = () => sender.delivered.filter((m) => m.kind !== 'step_overdue' && m.kind !== 'step_escalation').at(-1)!;

describe('reminders that tell the truth', () => {
  it('sends no ELS reminder before a backdated release is deployed, and times them from the actual deployment', async () => {
    await service.start({ answers: { ...minor, deployAt: '2026-12-05 08:00', backdateReason: 'recorded after the fact' }, actor: rita, location });
    // Two hours late at once: the release manager is nudged; the announcement ahead is moot and nothing of ELS goes out.
    expect(await tickAt(at(1000))).toEqual(['deploy-nudge']);
    expect(last().title).toBe('Not deployed yet · R-1 Search v3');
    expect(last().text).toContain('was planned for Sat 5 Dec 2026, 08:00 UTC (2 hours ago) and is not recorded as deployed');
    expect(last().text).toContain('"deploy R-1"');
    expect((await service.get('R-1')).reminders.find((r) => r.defId === 'announce_t1d')).toMatchObject({ status: 'skipped', reason: 'its deployment time had passed' });
    // A day later, still not deployed: the nudge again, and still nothing of ELS.
    expect(await tickAt(at(DAY + 1000))).toEqual(['deploy-nudge:2']);
    expect(last().text).toContain('(yesterday)');

    await service.markDeployed({ releaseId: 'R-1', actor: rita });
    // The go-live message goes out at the deployment; the check-in a day after it, the exit review three days after.
    expect(await tickAt(at(DAY + 2000))).toEqual(['announce_live']);
    expect(last().text).toContain('is deployed (Sun 6 Dec 2026, 10:00 UTC)');
    expect(await tickAt(at(2 * DAY - MIN))).toEqual([]);
    expect(await tickAt(at(2 * DAY + 5000))).toEqual(['els_day1']);
    expect(await tickAt(at(4 * DAY + 5000))).toEqual(['els_exit', 'close-nudge']);
    // The missed-deployment nudges ended with the deployment.
    expect((await service.get('R-1')).reminders.filter((r) => r.kind === 'deploy_nudge').map((r) => r.status)).toEqual(['sent', 'sent', 'cancelled']);
  });

  it('words an announcement that is overdue when planned from the real time left, not from the model offset', async () => {
    await service.start({ answers: { ...minor, deployAt: at(3 * MIN).toISOString() }, actor: rita, location });
    expect(await tickAt(at(1000))).toEqual(['announce_t1d']);
    const m = last();
    expect(m.timing).toBe('overdue');
    expect(m.text.startsWith('R-1 "Search v3" deploys in 3 minutes (Sat 5 Dec 2026, 10:03 UTC). Send the user announcement now.')).toBe(true);
    expect(m.draft).toMatch(/^Heads-up: in 3 minutes \(Sat 5 Dec 2026, 10:03 UTC\) we release "Search v3" \(R-1\)\./);
    expect(`${m.text} ${m.draft}`).not.toContain('tomorrow');
  });

  it('says "tomorrow" when a day-ahead announcement is sent on time', async () => {
    await service.start({ answers: { ...minor, deployAt: '2026-12-08 09:00' }, actor: rita, location });
    expect(await tickAt(new Date('2026-12-07T09:00:10Z'))).toEqual(['announce_t1d']);
    expect(last().text.startsWith('R-1 "Search v3" deploys tomorrow (Tue 8 Dec 2026, 09:00 UTC). Send the user announcement now.')).toBe(true);
  });

  it('sends a correction naming the new time when a reschedule follows an announcement, and moves what was not sent', async () => {
    await service.start({ answers: { ...major, deployAt: '2026-12-08 10:00' }, actor: rita, location });
    expect(await tickAt(new Date('2026-12-06T10:00:05Z'))).toEqual(['announce_t2d']);
    const moved = await service.reschedule({ releaseId: 'R-1', plannedAt: '2026-12-10 10:00', actor: rita });
    expect(moved.message.join('')).toContain('A correction goes to those already told the old time.');
    expect(await tickAt(new Date('2026-12-06T10:01:00Z'))).toEqual(['correction:1']);
    const c = last();
    expect(c.title).toBe('Correction: new deployment time · R-1 Ledger v2');
    expect(c.text).toBe(
      'R-1 "Ledger v2" moved from Tue 8 Dec 2026, 10:00 UTC to Thu 10 Dec 2026, 10:00 UTC (in 4 days). ' +
        'Already sent with the old time: T-2d user communication (sent Sun 6 Dec, 10:00). Tell the same people the new time.',
    );
    expect(c.draft).toBe('Correction: "Ledger v2" (R-1) now goes live in 4 days, Thu 10 Dec 2026, 10:00 UTC, not Tue 8 Dec 2026, 10:00 UTC as announced.');
    expect(c.roles).toEqual(['comms']);
    const t1h = (await service.get('R-1')).reminders.find((r) => r.defId === 'announce_t1h');
    expect(t1h).toMatchObject({ status: 'pending', dueAt: '2026-12-10T09:00:00.000Z' });
  });

  it('nudges once the planned time plus the tolerance passes, then daily, restarts from a new time and stops at a cancel', async () => {
    await service.start({ answers: { ...minor, deployAt: at(2 * HOUR).toISOString() }, actor: rita, location });
    await tickAt(at(1000)); // the overdue day-ahead announcement
    expect(await tickAt(at(3 * HOUR - MIN))).toEqual([]);
    expect(await tickAt(at(3 * HOUR + 1000))).toEqual(['deploy-nudge']);
    const view = service.view(await service.get('R-1'));
    expect(view.nextReminder).toEqual({ kind: 'deploy_nudge', dueAt: at(DAY + 3 * HOUR).toISOString(), label: 'missed-deployment nudge' });
    // Moved to tomorrow: the next nudge follows the new time, not the old daily slot.
    await service.reschedule({ releaseId: 'R-1', plannedAt: at(DAY + 6 * HOUR).toISOString(), actor: rita });
    expect(await tickAt(at(DAY + 3 * HOUR + 1000))).toEqual([]);
    expect(await tickAt(at(DAY + 7 * HOUR + 1000))).toEqual(['deploy-nudge:2']);
    await service.cancel({ releaseId: 'R-1', actor: rita, reason: 'not needed' });
    expect(await tickAt(at(5 * DAY))).toEqual([]);
  });

  it('deploying early skips the pending announcements and sends the go-live message at the deployment', async () => {
    await service.start({ answers: { ...minor, deployAt: '2026-12-08 10:00' }, actor: rita, location });
    vi.setSystemTime(at(HOUR));
    const deployed = await service.markDeployed({ releaseId: 'R-1', actor: rita });
    expect(deployed.release.reminders.find((r) => r.defId === 'announce_t1d')).toMatchObject({ status: 'skipped', reason: 'deployed early' });
    expect(await tickAt(at(HOUR + 1000))).toEqual(['announce_live']);
    expect(deployed.view.nextReminder).toMatchObject({ kind: 'communication', label: 'T user communication', dueAt: at(HOUR).toISOString() });
    expect(await tickAt(at(DAY + HOUR + 1000))).toEqual(['els_day1']);
  });
});
