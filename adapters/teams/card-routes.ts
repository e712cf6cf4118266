import { z } from 'zod';
import type { GateView, Intent, Question, ReleaseAction, StepAction } from '../../src/index.js';
import { CARD_VERB, GATE_VERB, RELEASE_VERB, STEP_VERB } from './cards/card-verbs.js';
import { INPUT_ID, rejectReasonInputId, skipReasonInputId } from './cards/input-ids.js';
import { threadOf } from './conversation-ref.js';
import { formValuesFrom, rawAnswers, type TypedForm } from './form-answers.js';
import type { IncomingActivity } from './incoming-activity.js';
import { actorFrom } from './teams-actor.js';

/** A click: the button's data merged with the card's input values, as Action.Execute and Action.Submit both deliver them. */
export interface CardClick {
  data: Record<string, unknown>;
  activity: IncomingActivity;
  questions: readonly Question[];
}

/** What a click asks the core, and what its reply needs besides the outcome. */
export interface CardRequest {
  intent: Intent;
  typed?: TypedForm;
  deliveryKey?: string;
  /** Asked instead when the core refuses `intent`; its outcome is drawn with the refusal beside it. */
  whenRefused?: Intent;
  /** Only for a refusal naming one of these fields; any other refusal is answered as it is (to the clicker). */
  whenRefusedFields?: readonly string[];
}

export type CardRoute = (click: CardClick) => CardRequest;

const id = z.string().min(1);
const optionalText = z.string().optional();
const releaseData = z.object({ releaseId: id });
const stepData = releaseData.extend({ step: id, n: z.coerce.number().int().positive().optional() });
const formData = releaseData.extend({ form: z.enum(['skip', 'assign', 'reschedule', 'cancel', 'close']), n: z.coerce.number().int().positive().optional() });
const answersData = z.object({ answers: z.record(z.string(), z.string()).default({}) });
const confirmData = answersData.extend({ suggested: optionalText, [INPUT_ID.model]: optionalText, [INPUT_ID.overrideReason]: optionalText, [INPUT_ID.freezeReason]: optionalText });
const gateData = releaseData.extend({ gateId: id });
const rescheduleData = releaseData.extend({ [INPUT_ID.newDate]: optionalText, [INPUT_ID.newTime]: optionalText });
const cancelData = releaseData.extend({ [INPUT_ID.cancelReason]: optionalText });
// Input.Number arrives as text from Teams and as a number from some clients; the core reads both.
const closeData = releaseData.extend({
  [INPUT_ID.outcome]: optionalText,
  [INPUT_ID.incidents]: optionalText,
  [INPUT_ID.elsIncidents]: z.union([z.string(), z.number()]).optional(),
  [INPUT_ID.elsExit]: optionalText,
});

/**
 * One release per form message: a redelivered click and a second click on the same form (Teams retries, double
 * clicks, the Action.Submit fallback) all map to the release the first one created. Keyed by tenant too, so no
 * conversation elsewhere can ever name the same form.
 */
function formKey(activity: IncomingActivity): string | undefined {
  const tenant = activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '';
  return activity.replyToId ? `teams-form:${tenant}:${threadOf(activity).conversationId}:${activity.replyToId}` : undefined;
}

function stepRoute(action: StepAction): CardRoute {
  return ({ data, activity }) => {
    const { releaseId, step, n } = stepData.parse(data);
    const reason = action === 'skip' && n !== undefined ? data[skipReasonInputId(n)] : undefined;
    return {
      intent: {
        kind: 'step',
        action,
        step,
        releaseId,
        ...(typeof reason === 'string' ? { reason } : {}),
        ...(action === 'assign' ? { assignee: { actor: actorFrom(activity) } } : {}),
      },
    };
  };
}

/**
 * A gate's Approve, or its Reject with the reason typed under it. A rejection the core refuses for its reason (none
 * given) draws the summary again with that gate's Reject… form open and the refusal beside it; any other refusal
 * (not a holder of the gate's role) is told to the clicker, and nothing is recorded.
 */
const GATE_ROUTES: Record<GateView['actions'][number], CardRoute> = {
  approve: ({ data }) => {
    const { releaseId, gateId } = gateData.parse(data);
    return { intent: { kind: 'decide', decision: 'approved', releaseId, gateId, exact: true } };
  },
  reject: ({ data }) => {
    const { releaseId, gateId } = gateData.parse(data);
    const typed = data[rejectReasonInputId(gateId)];
    const note = typeof typed === 'string' ? typed : undefined;
    return {
      intent: { kind: 'decide', decision: 'rejected', releaseId, gateId, exact: true, ...(note !== undefined ? { note } : {}) },
      ...(note?.trim() ? { typed: { values: {}, reason: note } } : {}),
      whenRefused: { kind: 'form', form: 'reject', releaseId, gateId },
      whenRefusedFields: ['note'],
    };
  },
};

const RELEASE_ROUTES: Record<ReleaseAction, CardRoute> = {
  deploy: ({ data }) => ({ intent: { kind: 'deploy', releaseId: releaseData.parse(data).releaseId } }),
  reschedule: ({ data }) => {
    const d = rescheduleData.parse(data);
    return { intent: { kind: 'reschedule', releaseId: d.releaseId, when: `${d[INPUT_ID.newDate] ?? ''} ${d[INPUT_ID.newTime] ?? ''}`.trim() } };
  },
  cancel: ({ data }) => {
    const d = cancelData.parse(data);
    const reason = d[INPUT_ID.cancelReason];
    return { intent: { kind: 'cancel', releaseId: d.releaseId, ...(reason !== undefined ? { reason } : {}) } };
  },
  close: ({ data }) => {
    const d = closeData.parse(data);
    const els = { incidents: d[INPUT_ID.elsIncidents] ?? '', exit: d[INPUT_ID.elsExit] ?? '' };
    return { intent: { kind: 'close', releaseId: d.releaseId, outcome: d[INPUT_ID.outcome] ?? '', incidents: d[INPUT_ID.incidents] ?? '', els } };
  },
};

const FORM_ROUTES: Record<string, CardRoute> = {
  [CARD_VERB.formSubmit]: ({ data, questions }) => {
    const values = formValuesFrom(questions, data);
    return { intent: { kind: 'answer', answers: rawAnswers(questions, values) }, typed: { values } };
  },
  [CARD_VERB.formEdit]: ({ data }) => ({ intent: { kind: 'start' }, typed: { values: answersData.parse(data).answers } }),
  [CARD_VERB.formConfirm]: ({ data, questions, activity }) => {
    const d = confirmData.parse(data);
    const answers = rawAnswers(questions, d.answers);
    const modelId = d[INPUT_ID.model]?.trim() || d.suggested;
    const reason = d[INPUT_ID.overrideReason];
    // Asked only when the deployment falls in a freeze window; left empty, the core's refusal names the window.
    const freezeReason = d[INPUT_ID.freezeReason];
    const key = formKey(activity);
    return {
      // The core ignores an "override" that picks the suggested model, and refuses one without a reason.
      intent: {
        kind: 'create',
        answers,
        ...(modelId ? { override: { modelId, ...(reason !== undefined ? { reason } : {}) } } : {}),
        ...(freezeReason?.trim() ? { freezeOverride: { reason: freezeReason } } : {}),
      },
      typed: { values: d.answers, ...(modelId ? { chosenModelId: modelId } : {}), ...(reason ? { reason } : {}), ...(freezeReason ? { freezeReason } : {}) },
      ...(key ? { deliveryKey: key } : {}),
      whenRefused: { kind: 'answer', answers },
    };
  },
  [CARD_VERB.openForm]: ({ data }) => {
    const d = formData.parse(data);
    return { intent: { kind: 'form', form: d.form, releaseId: d.releaseId, ...(d.n !== undefined ? { step: d.n } : {}) } };
  },
  [CARD_VERB.refresh]: ({ data }) => ({ intent: { kind: 'refresh', releaseId: releaseData.parse(data).releaseId } }),
};

/** Every verb our cards send, to the intent it asks for. A payload that does not parse is a bug, reported with a ref. */
export const CARD_ROUTES: ReadonlyMap<string, CardRoute> = new Map([
  ...Object.entries(FORM_ROUTES),
  ...(Object.keys(STEP_VERB) as StepAction[]).map((a) => [STEP_VERB[a], stepRoute(a)] as const),
  ...(Object.keys(RELEASE_VERB) as ReleaseAction[]).map((a) => [RELEASE_VERB[a], RELEASE_ROUTES[a]] as const),
  ...(Object.keys(GATE_VERB) as Array<keyof typeof GATE_VERB>).map((a) => [GATE_VERB[a], GATE_ROUTES[a]] as const),
]);
