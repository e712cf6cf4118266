import { releaseSchema, type OutcomeResult, type Release } from '../../src/domain/release-schema.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';
import { makeRelease } from '../helpers/make-release.js';

export const alice = { id: 'console:alice', name: 'alice' };

/** Pre-deployment: build (T-1d), rehearsal (T-2h), deploy (T). After: smoke (T+1h), runbook (T+1d). */
export const hotfixModel: ReleaseModel = {
  id: 'hotfix',
  name: 'Hotfix',
  description: 'Urgent fixes.',
  risk: 'high',
  deploymentStep: 'deploy',
  els: { window: '+3d', exitCriteria: ['No new P1 incidents'] },
  steps: [
    { id: 'build', title: 'Build the fix', phase: 'build', owner: 'dev', due: '-1d', skippable: true },
    { id: 'rehearsal', title: 'Rollback rehearsal', phase: 'implementation_testing', owner: 'ops', due: '-2h', skippable: true },
    { id: 'deploy', title: 'Deploy', phase: 'deployment', owner: 'ops', due: '0', skippable: false },
    { id: 'smoke', title: 'Smoke test', phase: 'early_life_support', owner: 'dev', due: '+1h', skippable: true },
    { id: 'runbook', title: 'Update runbook', phase: 'documentation', owner: 'ops', due: '+1d', skippable: true },
  ],
  reminders: [],
};

/** Pre-deployment: prep (T-1d), notes (no due time, listed before deploy), deploy (T). */
export const minorModel: ReleaseModel = {
  id: 'minor',
  name: 'Minor',
  description: 'Small changes.',
  risk: 'low',
  deploymentStep: 'deploy',
  steps: [
    { id: 'prep', title: 'Prepare', phase: 'build', owner: 'dev', due: '-1d', skippable: true },
    { id: 'notes', title: 'Write release notes', phase: 'documentation', owner: 'comms', skippable: true },
    { id: 'deploy', title: 'Deploy', phase: 'deployment', owner: 'ops', due: '0', skippable: false },
  ],
  reminders: [],
};

export interface StoryEvent {
  step: string;
  action: 'complete' | 'skip' | 'undo';
  at: string;
}

export interface Story {
  id: string;
  model?: ReleaseModel;
  createdAt: string;
  plannedAt: string;
  deployedAt?: string;
  cancelledAt?: string;
  outcome?: OutcomeResult;
  closedAt?: string;
  /** The ELS result recorded at close; needs `outcome`. */
  els?: { incidents: number; exitCriteriaMet: boolean };
  /** Checklist actions; the deployment step's completion at `deployedAt` is added for you. */
  events?: StoryEvent[];
  title?: string;
}

/** A schema-valid release whose audit trail and final step states tell the given story. */
export function story(s: Story): Release {
  const model = s.model ?? hotfixModel;
  const events = [...(s.events ?? [])];
  if (s.deployedAt) events.push({ step: model.deploymentStep, action: 'complete', at: s.deployedAt });
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const steps = new Map(model.steps.map((d) => [d.id, { stepId: d.id, state: 'open' as 'open' | 'done' | 'skipped', at: undefined as string | undefined, reason: undefined as string | undefined }]));
  const audit: Release['audit'] = [{ at: s.createdAt, actor: alice, action: 'start' }];
  for (const e of events) {
    const st = steps.get(e.step);
    if (!st) throw new Error(`story ${s.id}: no step "${e.step}" in ${model.id}`);
    st.state = e.action === 'complete' ? 'done' : e.action === 'skip' ? 'skipped' : 'open';
    st.at = e.action === 'undo' ? undefined : e.at;
    st.reason = e.action === 'skip' ? 'not needed' : undefined;
    audit.push({ at: e.at, actor: alice, action: e.action, stepId: e.step, ...(e.action === 'skip' ? { detail: 'not needed' } : {}) });
  }
  const closedAt = s.closedAt ?? s.deployedAt;
  if (s.outcome) audit.push({ at: closedAt as string, actor: alice, action: 'close', detail: s.outcome });
  if (s.cancelledAt) audit.push({ at: s.cancelledAt, actor: alice, action: 'cancel' });
  const status = s.cancelledAt ? 'cancelled' : s.outcome ? 'closed' : s.deployedAt ? 'deployed' : events.length ? 'in_progress' : 'planned';
  const release = makeRelease({
    id: s.id,
    title: s.title ?? `Release ${s.id}`,
    model,
    classification: { suggestedModelId: model.id, explanation: 'fixture' },
    plannedAt: s.plannedAt,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    status,
    steps: [...steps.values()].map((x) => ({
      stepId: x.stepId,
      state: x.state,
      ...(x.state !== 'open' ? { at: x.at, by: alice } : {}),
      ...(x.reason ? { reason: x.reason } : {}),
    })),
    reminders: [],
    audit,
    ...(s.deployedAt ? { deployedAt: s.deployedAt } : {}),
    ...(s.cancelledAt ? { cancelledAt: s.cancelledAt } : {}),
    ...(s.outcome ? { outcome: { result: s.outcome, incidents: s.outcome === 'success' ? [] : [`INC-${s.id}`], ...(s.els ? { els: s.els } : {}), closedBy: alice, closedAt: closedAt as string } } : {}),
  });
  return releaseSchema.parse(release);
}

/** Pre-deployment steps of the hotfix model done on time before `plannedAt` (build at T-1d-1h, rehearsal at T-3h). */
export function hotfixPrep(plannedAt: string, except: string[] = []): StoryEvent[] {
  const t = Date.parse(plannedAt);
  const all: StoryEvent[] = [
    { step: 'build', action: 'complete', at: new Date(t - 25 * 3_600_000).toISOString() },
    { step: 'rehearsal', action: 'complete', at: new Date(t - 3 * 3_600_000).toISOString() },
  ];
  return all.filter((e) => !except.includes(e.step));
}

/**
 * Six releases with hand-checked answers (see each comment). ELS results: R-1 met with 0 incidents, R-2 unmet with 2,
 * R-3 unmet with 1; R-6 (Minor, a model without ELS) was closed without one and is left out of the ELS figures.
 */
export function handBuiltReleases(): Release[] {
  return [
    // H1: lead 24.5h, on time, success. Build done at T-1d+1h: late.
    story({ id: 'R-1', createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-02T09:00:00Z', deployedAt: '2026-03-02T09:30:00Z', outcome: 'success', els: { incidents: 0, exitCriteriaMet: true },
      events: [{ step: 'build', action: 'complete', at: '2026-03-01T10:00:00Z' }, { step: 'rehearsal', action: 'complete', at: '2026-03-02T06:00:00Z' }] }),
    // H2: lead 27h, 3h late (not on time), rehearsal skipped, failed.
    story({ id: 'R-2', createdAt: '2026-03-03T09:00:00Z', plannedAt: '2026-03-04T09:00:00Z', deployedAt: '2026-03-04T12:00:00Z', outcome: 'failed', els: { incidents: 2, exitCriteriaMet: false },
      events: [...hotfixPrep('2026-03-04T09:00:00Z', ['rehearsal']), { step: 'rehearsal', action: 'skip', at: '2026-03-04T07:00:00Z' }] }),
    // H3: lead 24h, rehearsal ticked only after deployment: open at deployment. Hotfix.
    story({ id: 'R-3', createdAt: '2026-03-05T09:00:00Z', plannedAt: '2026-03-06T09:00:00Z', deployedAt: '2026-03-06T09:00:00Z', outcome: 'hotfix', els: { incidents: 1, exitCriteriaMet: false },
      events: [...hotfixPrep('2026-03-06T09:00:00Z', ['rehearsal']), { step: 'rehearsal', action: 'complete', at: '2026-03-06T10:00:00Z' }] }),
    // H4: lead 24h, everything done, not closed yet: outcome unknown.
    story({ id: 'R-4', createdAt: '2026-03-07T09:00:00Z', plannedAt: '2026-03-08T09:00:00Z', deployedAt: '2026-03-08T09:00:00Z', events: hotfixPrep('2026-03-08T09:00:00Z') }),
    // M1: cancelled.
    story({ id: 'R-5', model: minorModel, createdAt: '2026-03-10T09:00:00Z', plannedAt: '2026-03-11T09:00:00Z', cancelledAt: '2026-03-11T08:00:00Z' }),
    // M2: lead 24h, all done, rolled back.
    story({ id: 'R-6', model: minorModel, createdAt: '2026-03-12T09:00:00Z', plannedAt: '2026-03-13T09:00:00Z', deployedAt: '2026-03-13T09:00:00Z', outcome: 'rolled_back',
      events: [{ step: 'prep', action: 'complete', at: '2026-03-12T09:00:00Z' }, { step: 'notes', action: 'complete', at: '2026-03-12T10:00:00Z' }] }),
  ];
}

