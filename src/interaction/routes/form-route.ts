import { ReleaseError } from '../../domain/release-error.js';
import type { RouteTable } from '../route-context.js';
import { reach } from '../reach.js';

const DOING: Record<string, string> = { reject: 'rejected', skip: 'skipped', assign: 'assigned', deploy: 'marked deployed', reschedule: 'rescheduled', cancel: 'cancelled', close: 'closed' };

/**
 * A button that opens a form ("Skip…", "Close…"): refuse at once what the form could never do (a finished release,
 * an unknown step, a close before deployment), and say what the form must ask.
 */
export const formRoute: RouteTable['form'] = async (intent, ctx) => {
  const release = await reach(ctx, intent.releaseId);
  const view = ctx.service.view(release);
  if (!view.actionable) throw new ReleaseError('closed', `${release.id} is ${view.statusLabel.toLowerCase()}: it can no longer be ${DOING[intent.form]}.`);
  if (intent.form === 'reject') {
    const gate = view.gates.find((g) => g.id === intent.gateId);
    if (!gate) throw new ReleaseError('not_found', `${release.id} has no gate "${intent.gateId ?? ''}".`, 'gate');
    if (!gate.actions.includes('reject')) throw new ReleaseError('conflict', `${release.id}: “${gate.title}” cannot be rejected now (it is ${release.deployedAt ? 'deployed' : gate.state}).`);
    return { kind: 'form', form: 'reject', view, gate, askEls: false };
  }
  if (intent.form === 'skip' || intent.form === 'assign') {
    const step = view.phases.flatMap((p) => p.steps).find((s) => s.number === intent.step);
    if (!step) throw new ReleaseError('not_found', `${release.id} has no step ${intent.step ?? ''}: its steps are numbered 1 to ${view.progress.total}.`, 'step');
    if (!step.actions.includes(intent.form)) throw new ReleaseError('conflict', `${release.id}: step ${step.number} cannot be ${DOING[intent.form]} now (it is ${step.state}).`);
    return { kind: 'form', form: intent.form, view, step, askEls: false };
  }
  if (!view.releaseActions.includes(intent.form)) {
    throw new ReleaseError('conflict', `${release.id} is ${view.statusLabel.toLowerCase()}: it cannot be ${DOING[intent.form]} now.`);
  }
  return { kind: 'form', form: intent.form, view, askEls: view.closeAsksEls };
};
