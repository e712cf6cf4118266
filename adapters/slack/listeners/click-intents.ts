import { z } from 'zod';
import { releaseIdSchema, type ReleaseAction } from '../../../src/index.js';
import { menuValueSchema, stepRefSchema } from '../payloads/step-ref.js';
import { ACTION } from '../render/step-blocks.js';
import { RELEASE_ACTION } from '../render/release-actions.js';
import { GATE_ACTION } from '../render/gate-blocks.js';
import type { ClickIntent } from './on-click.js';

/** Done and Undo, in the thread and on App Home alike. */
export const stepButtonIntent: ClickIntent = (action) => {
  const ref = stepRefSchema.parse(action.value);
  return { kind: 'step', action: action.action_id.startsWith(ACTION.undo) ? 'undo' : 'complete', step: ref.step, releaseId: ref.releaseId };
};

/** The ⋯ menu of a step: "Skip…" and "Assign…" ask for a form; "Assign to me" acts at once. */
export const stepMenuIntent: ClickIntent = (action, origin) => {
  const { choice, ref } = menuValueSchema.parse(action.selected_option?.value);
  if (choice === 'assign_me') return { kind: 'step', action: 'assign', step: ref.step, releaseId: ref.releaseId, assignee: { actor: origin.actor } };
  return { kind: 'form', form: choice, releaseId: ref.releaseId, step: ref.step };
};

const releaseActionSchema = z.enum(Object.keys(RELEASE_ACTION) as [ReleaseAction, ...ReleaseAction[]]);
const BY_ACTION_ID = new Map(Object.entries(RELEASE_ACTION).map(([action, id]) => [id, action]));

const gateValueSchema = z.string().transform((v, ctx) => {
  const [releaseId, gateId] = v.split('|');
  const id = releaseIdSchema.safeParse(releaseId);
  if (!id.success || !gateId) {
    ctx.addIssue({ code: 'custom', message: `"${v.slice(0, 60)}" is not a release and gate` });
    return z.NEVER;
  }
  return { releaseId: id.data, gateId };
});

/** A gate's buttons: Approve acts at once (Slack already asked for confirmation); Reject… asks why. */
export const gateButtonIntent: ClickIntent = (action) => {
  const { releaseId, gateId } = gateValueSchema.parse(action.value);
  return action.action_id === GATE_ACTION.approve ? { kind: 'decide', decision: 'approved', releaseId, gateId, exact: true } : { kind: 'form', form: 'reject', releaseId, gateId };
};

/** The summary's buttons: "Mark deployed" acts at once (Slack already asked for confirmation); the others ask for a form. */
export const releaseButtonIntent: ClickIntent = (action) => {
  const releaseId = releaseIdSchema.parse(action.value);
  const form = releaseActionSchema.parse(BY_ACTION_ID.get(action.action_id));
  return form === 'deploy' ? { kind: 'deploy', releaseId } : { kind: 'form', form, releaseId };
};
