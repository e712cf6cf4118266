import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createReleaseService } from '../../src/app/create-release-service.js';
import type { ReleaseService } from '../../src/app/release-service.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { silentLogger } from '../../src/logging/logger.js';

// Friday 27 Nov 2026, 14:30 in Berlin: inside "Friday afternoons" (from 14:00 for 10h).
let now = new Date('2026-11-27T13:30:00Z');
const clock = { now: () => now };
const alice = { id: 'console:alice', name: 'alice' };
const location = { surface: 'console' as const, channelId: 'console', messageIds: {} };
const routine = { title: 'Docs fix', urgency: 'planned', kind: 'application', userFacing: false, impact: 'low', risk: 'low', rollback: 'easy' };
const major = { title: 'Checkout v2', urgency: 'planned', kind: 'application', userFacing: true, impact: 'high', risk: 'medium', rollback: 'hard' };

let dir: string;
let store: ReleaseStore;
let service: ReleaseService;

beforeEach(async () => {
  now = new Date('2026-11-27T13:30:00Z');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'freeze-rules-'));
  const modelsDir = path.join(dir, 'models');
  await fs.mkdir(modelsDir);
  for (const f of (await fs.readdir('models')).filter((n) => n.endsWith('.yaml'))) await fs.cp(path.join('models', f), path.join(modelsDir, f));
  await fs.cp('test/fixtures/models/freeze-good/freeze-windows.yaml', path.join(modelsDir, 'freeze-windows.yaml'));
  store = await openLowdbStore({ dataDir: path.join(dir, 'data') });
  const catalog = await loadCatalog(modelsDir, { timeZone: 'Europe/Berlin' });
  service = createReleaseService({ store, catalog, clock, timeZone: 'Europe/Berlin', logger: silentLogger });
});
afterEach(async () => {
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('freeze windows in the release rules', () => {
  it('record a start backdated into a past window: the deployment is history, which no freeze can refuse', async () => {
    // Friday 20 Nov 15:00 Berlin was inside "Friday afternoons"; the clock says a week later.
    const { release } = await service.start({ answers: { ...major, deployAt: '2026-11-20 15:00', backdateReason: 'hotfix recorded after the fact' }, actor: alice, location });
    expect(release.plannedAt).toBe('2026-11-20T14:00:00.000Z');
    expect(release.freezeOverrides).toBeUndefined();
  });

  it('refuse a start planned inside a window, naming it and when it ends, unless a reason is given', async () => {
    const answers = { ...major, deployAt: '2026-12-04 15:00' };
    await expect(service.start({ answers, actor: alice, location })).rejects.toMatchObject({
      code: 'conflict',
      field: 'freeze',
      message: 'Fri 4 Dec 2026, 15:00 CET falls in the freeze window “Friday afternoons”, in force until Sat 5 Dec 2026, 00:00 CET. Pick a time after it, or give a reason to start it anyway (it is recorded).',
    });
    await expect(service.start({ answers, actor: alice, location, freezeOverride: { reason: ' ' } })).rejects.toMatchObject({ field: 'freeze', message: /^Say why it must deploy during “Friday afternoons”/ });
    const { release } = await service.start({ answers, actor: alice, location, freezeOverride: { reason: 'marketing launch' } });
    expect(release.freezeOverrides).toEqual([
      { windowId: 'friday', windowName: 'Friday afternoons', action: 'start', for: '2026-12-04T14:00:00.000Z', until: '2026-12-04T23:00:00.000Z', by: alice, at: now.toISOString(), reason: 'marketing launch' },
    ]);
    expect(release.audit.at(-1)).toMatchObject({ action: 'freeze_override', detail: 'start inside “Friday afternoons” (until Sat 5 Dec 2026, 00:00 CET): marketing launch' });
  });

  it('let an exempt model start inside a window, and others outside any', async () => {
    const answers = { ...major, deployAt: '2026-12-24 10:00' };
    await expect(service.start({ answers, actor: alice, location })).rejects.toMatchObject({ message: /“Year-end freeze”, in force until Mon 4 Jan 2027, 00:00 CET/ });
    const { release } = await service.start({ answers, actor: alice, location, override: { modelId: 'emergency', reason: 'payment outage' } });
    expect(release.freezeOverrides).toBeUndefined();
    const outside = await service.start({ answers: { ...routine, deployAt: '2026-12-01 10:00' }, actor: alice, location });
    expect(outside.release.freezeOverrides).toBeUndefined();
  });

  it('refuse a deployment inside a window until the release manager overrides it; the override covers that occurrence', async () => {
    const { release } = await service.start({ answers: { ...routine, deployAt: '2026-12-01 10:00' }, actor: alice, location });
    await expect(service.markDeployed({ releaseId: release.id, actor: alice })).rejects.toMatchObject({
      code: 'conflict',
      field: 'freeze',
      message: `${release.id} cannot be deployed now: the freeze window “Friday afternoons”, in force until Sat 28 Nov 2026, 00:00 CET. The release manager can deploy anyway with "deploy ${release.id} override <reason>".`,
    });
    const deployed = await service.markDeployed({ releaseId: release.id, actor: alice, override: { reason: 'security fix' } });
    expect(deployed.release.deployedAt).toBe(now.toISOString());
    expect(deployed.release.freezeOverrides).toEqual([expect.objectContaining({ action: 'deploy', until: '2026-11-27T23:00:00.000Z', reason: 'security fix' })]);
    expect(deployed.view.freezeOverrides).toEqual([{ windowName: 'Friday afternoons', action: 'deploy', by: alice, reason: 'security fix' }]);
  });

  it('refuse moving a release into a window without a reason, and record the one given', async () => {
    now = new Date('2026-11-27T09:00:00Z');
    const { release } = await service.start({ answers: { ...routine, deployAt: '2026-12-01 10:00' }, actor: alice, location });
    await expect(service.reschedule({ releaseId: release.id, plannedAt: '2026-12-11 16:00', actor: alice })).rejects.toMatchObject({
      field: 'freeze',
      message: /“Friday afternoons”, in force until Sat 12 Dec 2026, 00:00 CET\. Pick a time after it, or move it anyway with "reschedule R-1 <time> override <reason>"/,
    });
    const moved = await service.reschedule({ releaseId: release.id, plannedAt: '2026-12-11 16:00', actor: alice, override: { reason: 'vendor window' } });
    expect(moved.release.plannedAt).toBe('2026-12-11T15:00:00.000Z');
    expect(moved.release.freezeOverrides).toEqual([expect.objectContaining({ action: 'reschedule', reason: 'vendor window' })]);
  });
});
