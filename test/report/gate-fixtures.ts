import { releaseSchema, type FreezeOverride, type Release } from '../../src/domain/release-schema.js';
import type { FreezeWindow } from '../../src/domain/freeze-windows.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';
import { alice, hotfixModel, hotfixPrep, minorModel, story, type Story } from './report-fixtures.js';

export const bob = { id: 'console:bob', name: 'bob' };

/** The hotfix checklist behind an approval gate (held by approvers) and a go/no-go. */
export const majorModel: ReleaseModel = {
  ...hotfixModel,
  id: 'major',
  name: 'Major',
  gates: [
    { id: 'approval', title: 'Change approval', kind: 'approval', role: 'approver' },
    { id: 'go', title: 'Go/no-go decision', kind: 'go_no_go' },
  ],
};

const H = 3_600_000;

/** A quarter-end freeze that hotfixes are exempt from, and Friday afternoons (14:00 for 10 hours) for everyone. */
export const freezeWindows: FreezeWindow[] = [
  { id: 'quarter-end', name: 'Quarter-end freeze', exempt: ['hotfix'], kind: 'fixed', start: '2026-03-20T00:00:00.000Z', end: '2026-03-22T00:00:00.000Z' },
  { id: 'friday', name: 'Friday afternoons', exempt: [], kind: 'recurring', cron: '0 14 * * 5', durationMs: 10 * H },
];

interface GateStory extends Story {
  /** Gate decisions in time order; the gate keeps the last one, the audit trail every one. */
  decisions?: Array<{ gate: string; decision: 'approved' | 'rejected'; at: string; note?: string }>;
  /** Deployed by the release manager with these items missing. */
  deployOverride?: { reason: string; missing: string[] };
  freezeOverrides?: Array<Omit<FreezeOverride, 'by'>>;
}

/** A story with gate decisions and overrides recorded as the domain records them: on the release and in its audit. */
export function gatedStory(s: GateStory): Release {
  const base = story({ model: majorModel, ...s });
  const audit = [...base.audit];
  const gates = new Map<string, NonNullable<Release['gates']>[number]>();
  for (const d of s.decisions ?? []) {
    gates.set(d.gate, { gateId: d.gate, state: d.decision, by: bob, at: d.at, ...(d.note ? { note: d.note } : {}) });
    audit.push({ at: d.at, actor: bob, action: d.decision === 'approved' ? 'approve' : 'reject', detail: `${d.gate}${d.note ? `: ${d.note}` : ''}` });
  }
  const extra: Partial<Release> = {};
  if (s.deployOverride && s.deployedAt) {
    extra.deployOverride = { by: alice, at: s.deployedAt, ...s.deployOverride };
    audit.push({ at: s.deployedAt, actor: alice, action: 'deploy_override', detail: s.deployOverride.reason });
  }
  if (s.freezeOverrides) {
    extra.freezeOverrides = s.freezeOverrides.map((o) => ({ ...o, by: alice }));
    for (const o of s.freezeOverrides) audit.push({ at: o.at, actor: alice, action: 'freeze_override', detail: o.reason });
  }
  audit.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const model = base.model;
  const states = (model.gates ?? []).map((g) => gates.get(g.id) ?? { gateId: g.id, state: 'open' as const });
  return releaseSchema.parse({ ...base, ...extra, ...(model.gates ? { gates: states } : {}), audit });
}

const approvedBoth = (approval: string, go: string) => [
  { gate: 'approval', decision: 'approved' as const, at: approval },
  { gate: 'go', decision: 'approved' as const, at: go },
];

/**
 * Nine releases with hand-checked gate and freeze figures (UTC; Fridays in March 2026 are the 6th, 13th, 20th, 27th):
 * deployed R-1 R-2 R-3 R-4 R-6 R-7 R-9; overrides R-3 R-4; rejected R-2 (only in the audit: approved since) R-4 R-5;
 * inside a freeze R-4 (its override) and R-7 (the quarter-end, no override); next to one R-2 and R-6 (Fridays at 10:00
 * and 12:00; R-6 is a hotfix, exempt from the quarter-end); start to approval R-1 6h, R-2 24h, R-8 48h.
 */
export function gatedReleases(): Release[] {
  return [
    gatedStory({ id: 'R-1', createdAt: '2026-03-02T09:00:00Z', plannedAt: '2026-03-03T09:00:00Z', deployedAt: '2026-03-03T09:00:00Z', outcome: 'success',
      events: hotfixPrep('2026-03-03T09:00:00Z'), decisions: approvedBoth('2026-03-02T15:00:00Z', '2026-03-03T08:00:00Z') }),
    gatedStory({ id: 'R-2', createdAt: '2026-03-04T09:00:00Z', plannedAt: '2026-03-06T10:00:00Z', deployedAt: '2026-03-06T10:00:00Z', outcome: 'failed',
      events: hotfixPrep('2026-03-06T10:00:00Z'),
      decisions: [{ gate: 'approval', decision: 'rejected', at: '2026-03-04T12:00:00Z', note: 'no rollback plan' }, ...approvedBoth('2026-03-05T09:00:00Z', '2026-03-06T09:00:00Z')] }),
    gatedStory({ id: 'R-3', createdAt: '2026-03-09T09:00:00Z', plannedAt: '2026-03-10T09:00:00Z', deployedAt: '2026-03-10T09:00:00Z', outcome: 'rolled_back',
      events: hotfixPrep('2026-03-10T09:00:00Z'), deployOverride: { reason: 'customer deadline', missing: ['Change approval', 'Go/no-go decision'] } }),
    gatedStory({ id: 'R-4', createdAt: '2026-03-11T09:00:00Z', plannedAt: '2026-03-13T16:00:00Z', deployedAt: '2026-03-13T16:00:00Z', outcome: 'hotfix',
      events: hotfixPrep('2026-03-13T16:00:00Z'),
      decisions: [{ gate: 'approval', decision: 'rejected', at: '2026-03-11T11:00:00Z', note: 'too risky' }],
      deployOverride: { reason: 'regulator <b>deadline</b> & "now"', missing: ['Change approval (rejected)', 'Go/no-go decision'] },
      freezeOverrides: [{ windowId: 'friday', windowName: 'Friday afternoons', action: 'deploy', for: '2026-03-13T16:00:00.000Z', until: '2026-03-14T00:00:00.000Z', at: '2026-03-13T16:00:00.000Z', reason: 'regulator deadline' }] }),
    gatedStory({ id: 'R-5', createdAt: '2026-03-16T09:00:00Z', plannedAt: '2026-03-17T09:00:00Z', cancelledAt: '2026-03-16T12:00:00Z',
      decisions: [{ gate: 'approval', decision: 'rejected', at: '2026-03-16T10:00:00Z', note: 'duplicate of R-4' }] }),
    story({ id: 'R-6', model: hotfixModel, createdAt: '2026-03-19T09:00:00Z', plannedAt: '2026-03-20T12:00:00Z', deployedAt: '2026-03-20T12:00:00Z', outcome: 'success',
      events: hotfixPrep('2026-03-20T12:00:00Z') }),
    story({ id: 'R-7', model: minorModel, createdAt: '2026-03-21T09:00:00Z', plannedAt: '2026-03-21T10:00:00Z', deployedAt: '2026-03-21T10:00:00Z', outcome: 'success' }),
    gatedStory({ id: 'R-8', createdAt: '2026-03-23T09:00:00Z', plannedAt: '2026-04-10T09:00:00Z', decisions: approvedBoth('2026-03-25T09:00:00Z', '2026-03-25T10:00:00Z') }),
    // Started inside a Friday freeze with an override, then moved out of it: the override is kept, the deployment is clear.
    gatedStory({ id: 'R-9', model: minorModel, createdAt: '2026-03-25T09:00:00Z', plannedAt: '2026-03-30T09:00:00Z', deployedAt: '2026-03-30T09:00:00Z', outcome: 'success',
      freezeOverrides: [{ windowId: 'friday', windowName: 'Friday afternoons', action: 'start', for: '2026-03-27T15:00:00.000Z', until: '2026-03-28T00:00:00.000Z', at: '2026-03-25T09:00:00.000Z', reason: 'launch week' }] }),
  ];
}
