import { PHASES, PHASE_LABELS } from '../domain/phases.js';
import { ROLE_LABELS } from '../domain/roles.js';
import { isStepOverdue, stepDueAt } from '../domain/step-due-at.js';
import { isTerminal, type Release, type StepState } from '../domain/release-schema.js';
import type { StepDef } from '../models/model-schema.js';
import type { ReleaseAction, StepAction } from '../domain/step-action.js';
import type { ChecklistView, GateView, PhaseView, StepView } from './checklist-view.js';
import { statusLabel } from '../domain/status-label.js';
import { afterDeploymentView, nextReminderView } from './reminder-view.js';
import { outcomeView } from './outcome-view.js';
import { gateState, missingBeforeDeploy } from '../domain/gates.js';
import { freezeInForce } from '../domain/freeze-rules.js';
import type { FreezeWindow } from '../domain/freeze-windows.js';
import { formatTime } from '../format/format-time.js';

/** A skipped step is undone before it is done; an early-life-support step cannot be done before the deployment. */
function stepActions(state: StepState['state'], def: StepDef, deployed: boolean): StepAction[] {
  if (state !== 'open') return ['undo'];
  const complete: StepAction[] = def.phase === 'early_life_support' && !deployed ? [] : ['complete'];
  return def.skippable ? [...complete, 'skip', 'assign'] : [...complete, 'assign'];
}

function releaseActions(release: Release): ReleaseAction[] {
  if (isTerminal(release.status)) return [];
  return release.deployedAt ? ['close', 'cancel'] : ['deploy', 'reschedule', 'cancel'];
}

function stepView(release: Release, def: StepDef, index: number, now: Date, timeZone: string): StepView {
  const state = release.steps[index] ?? { stepId: def.id, state: 'open' as const };
  const dueAt = stepDueAt(release, def, timeZone);
  return {
    number: index + 1,
    stepId: def.id,
    title: def.title,
    ...(def.help ? { help: def.help } : {}),
    phase: def.phase,
    owner: def.owner,
    ownerLabel: ROLE_LABELS[def.owner],
    state: state.state,
    ...(state.by ? { by: state.by } : {}),
    ...(state.at ? { at: state.at } : {}),
    ...(state.reason ? { reason: state.reason } : {}),
    ...(state.assignee ? { assignee: state.assignee } : {}),
    ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
    overdue: isStepOverdue(release, def, state.state, now, timeZone),
    skippable: def.skippable,
    isDeploymentStep: def.id === release.model.deploymentStep,
    automated: def.automated ?? false,
    ...(state.evidence ? { evidence: state.evidence } : {}),
    actions: isTerminal(release.status) ? [] : stepActions(state.state, def, release.deployedAt !== undefined),
  };
}

function blockers(release: Release, now: Date, timeZone: string, windows: readonly FreezeWindow[]): ChecklistView['blockers'] {
  const items: ChecklistView['blockers'] = missingBeforeDeploy(release).map((m) => ({ kind: m.kind, id: m.id, title: m.rejected ? `${m.title} (rejected)` : m.title }));
  const freeze = freezeInForce({ windows, timeZone }, now, release.model.id, release);
  if (freeze) items.push({ kind: 'freeze', id: freeze.window.id, title: `${freeze.window.name} until ${formatTime(freeze.end, timeZone)}` });
  return items;
}

/** The neutral checklist every surface draws. Step numbers follow the stored order, which is phase order. */
/** `freezeWindows`: to name a window in force now among the blockers (the API's gate check asks). */
export function buildChecklistView(release: Release, now: Date, timeZone: string, freezeWindows: readonly FreezeWindow[] = []): ChecklistView {
  const steps = release.model.steps.map((def, i) => stepView(release, def, i, now, timeZone));
  const phases: PhaseView[] = PHASES.map((phase) => {
    const inPhase = steps.filter((s) => s.phase === phase);
    return { phase, label: PHASE_LABELS[phase], done: inPhase.filter((s) => s.state !== 'open').length, total: inPhase.length, steps: inPhase };
  }).filter((p) => p.total > 0);
  const done = steps.filter((s) => s.state === 'done').length;
  const skipped = steps.filter((s) => s.state === 'skipped').length;
  const total = steps.length;
  const next = nextReminderView(release, now);
  const after = afterDeploymentView(release);
  const closing = outcomeView(release);
  const override = release.classification.override;
  return {
    releaseId: release.id,
    rev: release.rev,
    title: release.title,
    modelId: release.model.id,
    modelName: release.model.name,
    risk: release.model.risk,
    explanation: release.classification.explanation,
    ...(override ? { override: { modelId: override.modelId, reason: override.reason, by: override.by } } : {}),
    status: release.status,
    statusLabel: statusLabel(release),
    ...(release.outcome ? { outcome: release.outcome.result } : {}),
    plannedAt: release.plannedAt,
    ...(release.deployedAt ? { deployedAt: release.deployedAt } : {}),
    requester: release.requester,
    releaseManager: release.releaseManager,
    surface: release.location.surface,
    progress: {
      done,
      skipped,
      open: total - done - skipped,
      total,
      percent: total === 0 ? 0 : Math.round(((done + skipped) / total) * 100),
      label: `${done + skipped}/${total}`,
    },
    phases,
    actionable: !isTerminal(release.status),
    releaseActions: releaseActions(release),
    closeAsksEls: release.status === 'els',
    gates: (release.model.gates ?? []).map((g) => {
      const s = gateState(release, g.id);
      const open = !isTerminal(release.status) && !release.deployedAt;
      const actions: GateView['actions'] = !open || s.state === 'approved' ? [] : s.state === 'rejected' ? ['approve'] : ['approve', 'reject'];
      return { id: g.id, title: g.title, state: s.state, ...(s.by ? { by: s.by } : {}), ...(s.note ? { note: s.note } : {}), actions };
    }),
    missingBeforeDeploy: release.deployedAt ? [] : missingBeforeDeploy(release).map((m) => (m.rejected ? `${m.title} (rejected)` : m.title)),
    blockers: release.deployedAt || isTerminal(release.status) ? [] : blockers(release, now, timeZone, freezeWindows),
    ...(release.freezeOverrides?.length
      ? { freezeOverrides: release.freezeOverrides.map((o) => ({ windowName: o.windowName, action: o.action, by: o.by, reason: o.reason })) }
      : {}),
    ...(release.deployOverride ? { deployOverride: { by: release.deployOverride.by, reason: release.deployOverride.reason, missing: release.deployOverride.missing } } : {}),
    ...(next ? { nextReminder: next } : {}),
    ...(after ? { afterDeployment: after } : {}),
    ...(closing ? { closing } : {}),
  };
}
