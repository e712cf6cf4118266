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

const NOW = new Date('2026-11-27T10:00:00Z');
const clock = { now: () => NOW };
const alice = { id: 'console:alice', name: 'alice' };
const bob = { id: 'console:bob', name: 'bob' };
const location = { surface: 'console' as const, channelId: 'console', messageIds: {} };
const majorAnswers = {
  title: 'Checkout v2',
  deployAt: '2026-12-03 14:00',
  urgency: 'planned',
  kind: 'application',
  userFacing: true,
  impact: 'high',
  risk: 'medium',
  rollback: 'hard',
};

let dir: string;
let modelsDir: string;
let store: ReleaseStore;
let service: ReleaseService;

async function open(): Promise<void> {
  store = await openLowdbStore({ dataDir: path.join(dir, 'data') });
  service = createReleaseService({ store, catalog: await loadCatalog(modelsDir), clock, timeZone: 'Europe/Berlin', logger: silentLogger });
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'release-service-'));
  modelsDir = path.join(dir, 'models');
  await fs.cp(path.resolve('models'), modelsDir, { recursive: true });
  await open();
});
afterEach(async () => {
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('release service on the file store', () => {
  it('starts a release from answers, with the model, its explanation and planned reminders', async () => {
    const { release, view } = await service.start({ answers: majorAnswers, actor: alice, location, dedupeKey: 'view-1' });
    expect(release.id).toBe('R-1');
    expect(release.model.id).toBe('major');
    expect(release.classification.explanation).toMatch(/impact is High/);
    expect(release.plannedAt).toBe('2026-12-03T13:00:00.000Z');
    expect(release.reminders.length).toBeGreaterThan(0);
    expect(view.progress.label).toBe(`0/${release.model.steps.length}`);
    const again = await service.start({ answers: majorAnswers, actor: alice, location, dedupeKey: 'view-1' });
    expect(again).toMatchObject({ changed: false, release: { id: 'R-1' } });
    expect(await service.listActive()).toHaveLength(1);
  });

  it('reports bad answers by field and records overrides with their reason', async () => {
    await expect(service.start({ answers: { ...majorAnswers, impact: 'galactic' }, actor: alice, location })).rejects.toMatchObject({
      code: 'invalid',
      field: 'impact',
    });
    await expect(service.start({ answers: majorAnswers, actor: alice, location, override: { modelId: 'minor', reason: ' ' } })).rejects.toThrow(
      /needs a reason/,
    );
    const { release } = await service.start({ answers: majorAnswers, actor: alice, location, override: { modelId: 'minor', reason: 'feature-flagged' } });
    expect(release.model.id).toBe('minor');
    expect(release.classification).toMatchObject({ suggestedModelId: 'major', override: { modelId: 'minor', reason: 'feature-flagged', by: alice } });
    expect(release.audit.map((a) => a.action)).toEqual(['start', 'override']);
  });

  it('loses no update when many people act at once, and every change is on disk', async () => {
    const { release } = await service.start({ answers: majorAnswers, actor: alice, location });
    const n = release.model.steps.length;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        // The deployment step comes before some required steps are done: the release manager deploys with an override.
        service.act({ releaseId: 'R-1', step: i + 1, action: 'complete', actor: i % 2 ? alice : bob, dedupeKey: `click-${i}`, override: { reason: 'all at once' } }),
      ),
    );
    await store.close();
    await open();
    const reopened = await service.get('R-1');
    expect(reopened.steps.every((s) => s.state === 'done')).toBe(true);
    expect(reopened.status).toBe('els');
    expect(service.view(reopened).progress.label).toBe(`${n}/${n}`);
  });

  it('moves pending reminders with the deployment time and cancels them with the release', async () => {
    const { release } = await service.start({ answers: majorAnswers, actor: alice, location });
    const before = release.reminders.find((r) => r.kind === 'communication')!;
    const moved = await service.reschedule({ releaseId: 'R-1', plannedAt: '2026-12-04T13:00:00.000Z', actor: alice });
    const after = moved.release.reminders.find((r) => r.id === before.id)!;
    expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).toBe(86_400_000);
    // What a person types is read in the team's zone (Berlin, UTC+1 in December), whichever surface passes it on.
    const typed = await service.reschedule({ releaseId: 'R-1', plannedAt: '2026-12-05 09:30', actor: alice });
    expect(typed.release.plannedAt).toBe('2026-12-05T08:30:00.000Z');
    await expect(service.reschedule({ releaseId: 'R-1', plannedAt: 'soonish', actor: alice })).rejects.toThrow(/"soonish" is not a date and time .*Europe\/Berlin/);
    await expect(service.reschedule({ releaseId: 'R-1', plannedAt: '2026-11-27T09:00:00.000Z', actor: alice })).rejects.toMatchObject({
      code: 'invalid',
      field: 'plannedAt',
    });
    const cancelled = await service.cancel({ releaseId: 'R-1', actor: alice, reason: 'superseded' });
    expect(cancelled.release.reminders.every((r) => r.status === 'cancelled')).toBe(true);
    expect(await service.listActive()).toHaveLength(0);
    await expect(service.act({ releaseId: 'R-1', step: 1, action: 'complete', actor: alice })).rejects.toMatchObject({ code: 'closed' });
    const retried = await service.cancel({ releaseId: 'R-1', actor: alice, reason: 'superseded', dedupeKey: 'never-seen' }).catch((e: unknown) => e);
    expect(retried).toMatchObject({ code: 'closed' });
    await expect(service.act({ releaseId: 'R-99', step: 1, action: 'complete', actor: alice })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('closes only deployed releases, by their manager, and archives them', async () => {
    await service.start({ answers: majorAnswers, actor: alice, location });
    await expect(service.close({ releaseId: 'R-1', actor: alice, outcome: 'success' })).rejects.toThrow(/has not been deployed yet/);
    await expect(service.markDeployed({ releaseId: 'R-1', actor: bob })).rejects.toThrow('Only the release manager (alice) can record the deployment of R-1.');
    await expect(service.markDeployed({ releaseId: 'R-1', actor: alice })).rejects.toThrow(/R-1 cannot be deployed yet: missing Change approval, Go\/no-go decision, step/);
    await expect(service.markDeployed({ releaseId: 'R-1', actor: alice, override: {} })).rejects.toThrow(/Say why R-1 must go out without/);
    const deployed = await service.markDeployed({ releaseId: 'R-1', actor: alice, override: { reason: 'CAB approved by phone' } });
    expect(deployed.release.deployOverride).toMatchObject({ by: alice, reason: 'CAB approved by phone', missing: expect.arrayContaining(['Change approval', 'Go/no-go decision']) });
    await expect(service.close({ releaseId: 'R-1', actor: bob, outcome: 'success' })).rejects.toMatchObject({ code: 'forbidden' });
    const closed = await service.close({ releaseId: 'R-1', actor: alice, outcome: 'rolled_back', incidents: ['INC-7'], els: { incidents: 1, exitCriteriaMet: false } });
    expect(closed.release.outcome).toMatchObject({ result: 'rolled_back', incidents: ['INC-7'], els: { incidents: 1, exitCriteriaMet: false }, closedBy: alice });
    expect(closed.release.reminders.some((r) => r.kind.startsWith('els') && r.status === 'pending')).toBe(false);
    expect(await service.listActive()).toHaveLength(0);
    expect((await service.get('R-1')).status).toBe('closed');
  });

  it('keeps the model a release started with when the model file changes', async () => {
    const { release } = await service.start({ answers: majorAnswers, actor: alice, location });
    const file = path.join(modelsDir, 'major.yaml');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(/^name: .*$/m, 'name: Renamed major'));
    await store.close();
    await open();
    expect(service.models().find((m) => m.id === 'major')?.name).toBe('Renamed major');
    expect((await service.get('R-1')).model.name).toBe(release.model.name);
  });
});
