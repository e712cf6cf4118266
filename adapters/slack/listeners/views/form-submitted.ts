import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Intent } from '../../../../src/index.js';
import type { SlackDeps } from '../../slack-deps.js';
import { rawAnswer, viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { formMetadataSchema, parseMetadata, type FormMetadata } from '../../payloads/metadata.js';
import { ASSIGN_BLOCK, ASSIGN_CALLBACK, SKIP_BLOCK, SKIP_CALLBACK } from '../../render/step-modals.js';
import { CANCEL_CALLBACK, CLOSE_CALLBACK, FIELD, RESCHEDULE_CALLBACK } from '../../render/release-modals.js';
import { submitIntent } from './submit-intent.js';
import { REJECT_BLOCK, REJECT_CALLBACK } from '../../render/gate-blocks.js';

/** A raw value of the modal by block id, as Slack sent it: nothing here decides whether it will do. */
type Read = (block: string) => string | number | boolean | undefined;

interface FormSpec {
  intent(read: Read, meta: FormMetadata, deps: SlackDeps): Intent | Promise<Intent>;
  /** The modal's block for each field the core may name in a refusal. */
  fields: Record<string, string>;
  fallback: string;
}

const text = (v: ReturnType<Read>): string | undefined => (typeof v === 'string' ? v : undefined);

function stepOf(meta: FormMetadata): number {
  if (meta.step === undefined) throw new Error(`the form of ${meta.releaseId} names no step`);
  return meta.step;
}

/** Each change form as an intent. Slack's own checks (required inputs, number_input's minimum) are never relied on. */
export const FORMS: Record<string, FormSpec> = {
  [SKIP_CALLBACK]: {
    intent: (read, m) => ({ kind: 'step', action: 'skip', releaseId: m.releaseId, step: stepOf(m), reason: text(read(SKIP_BLOCK)) ?? '' }),
    fields: { reason: SKIP_BLOCK },
    fallback: SKIP_BLOCK,
  },
  [ASSIGN_CALLBACK]: {
    async intent(read, m, deps) {
      const user = text(read(ASSIGN_BLOCK));
      return { kind: 'step', action: 'assign', releaseId: m.releaseId, step: stepOf(m), ...(user ? { assignee: { actor: await deps.directory.person(user) } } : {}) };
    },
    fields: { assignee: ASSIGN_BLOCK },
    fallback: ASSIGN_BLOCK,
  },
  [REJECT_CALLBACK]: {
    intent(read, m) {
      if (!m.gateId) throw new Error(`the reject form of ${m.releaseId} names no gate`);
      return { kind: 'decide', decision: 'rejected', releaseId: m.releaseId, gateId: m.gateId, exact: true, note: text(read(REJECT_BLOCK)) ?? '' };
    },
    fields: { note: REJECT_BLOCK },
    fallback: REJECT_BLOCK,
  },
  // No input to stand beside: a refusal arrives privately.
  [RESCHEDULE_CALLBACK]: {
    intent(read, m) {
      const when = read(FIELD.when);
      return { kind: 'reschedule', releaseId: m.releaseId, when: typeof when === 'number' ? when : '' };
    },
    fields: { plannedAt: FIELD.when, when: FIELD.when },
    fallback: FIELD.when,
  },
  [CANCEL_CALLBACK]: {
    intent: (read, m) => ({ kind: 'cancel', releaseId: m.releaseId, reason: text(read(FIELD.cancelReason)) }),
    fields: { reason: FIELD.cancelReason },
    fallback: FIELD.cancelReason,
  },
  [CLOSE_CALLBACK]: {
    intent: (read, m) => ({
      kind: 'close',
      releaseId: m.releaseId,
      outcome: text(read(FIELD.outcome)) ?? '',
      incidents: text(read(FIELD.incidents)),
      els: { incidents: text(read(FIELD.elsIncidents)), exit: text(read(FIELD.elsExit)) },
    }),
    fields: { outcome: FIELD.outcome, incidents: FIELD.incidents, els: FIELD.elsIncidents, 'els.incidents': FIELD.elsIncidents, 'els.exit': FIELD.elsExit },
    fallback: FIELD.outcome,
  },
};

/** A change form submitted: the intent goes to the core before the modal is answered, so a refusal lands beside its field. */
export function formSubmitted(deps: SlackDeps, spec: FormSpec) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(formMetadataSchema, payload.view.private_metadata);
    const values = payload.view.state.values;
    // Every input block of these modals holds one element.
    const read: Read = (block) => rawAnswer(Object.values(values[block] ?? {})[0]);
    await submitIntent({ deps, ack, payload, where: meta, intent: () => spec.intent(read, meta, deps), fields: spec.fields, fallback: spec.fallback });
  };
}
