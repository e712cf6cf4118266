import type { types } from '@slack/bolt';
import { MAX_ELS_INCIDENTS, OUTCOMES, OUTCOME_LABELS, TEXT_LIMITS, type ChecklistView } from '../../../src/index.js';
import { escapeText, plain, slackDate, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const RESCHEDULE_CALLBACK = 'release_reschedule';
export const CANCEL_CALLBACK = 'release_cancel';
export const CLOSE_CALLBACK = 'release_close';

/** Block ids of the release modals' inputs: a field error names one of these. */
export const FIELD = {
  when: 'when',
  cancelReason: 'cancel_reason',
  outcome: 'outcome',
  incidents: 'incidents',
  elsIncidents: 'els_incidents',
  elsExit: 'els_exit',
} as const;
/** Each input block holds one element, so one action id serves them all. */
export const FIELD_ACTION = 'value';

const ELS_EXIT_LABELS = { met: 'Met', unmet: 'Not met' } as const;

/** Room for as many references as a release records, with a separator each. */
const INCIDENTS_MAX_LENGTH = TEXT_LIMITS.incidentRefs * (TEXT_LIMITS.incidentRef + 2);

const option = (value: string, label: string): types.PlainTextOption => ({ text: plain(label), value });

function releaseLine(view: ChecklistView, timeZone: string): types.KnownBlock {
  const text = `*${view.releaseId}* ${escapeText(view.title)}\n${escapeText(view.modelName)} · ${escapeText(view.statusLabel)} · ${view.progress.label} · deploy ${slackDate(view.deployedAt ?? view.plannedAt, timeZone)}`;
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

function modal(callback: string, title: string, submit: string, close: string, metadata: string, blocks: types.KnownBlock[]): types.ModalView {
  return {
    type: 'modal', callback_id: callback, private_metadata: metadata,
    title: plain(title, LIMITS.modalTitle), submit: plain(submit, LIMITS.modalButton), close: plain(close, LIMITS.modalButton),
    blocks,
  };
}

/** A new deployment time, picked natively (each person sees it in their own time zone). */
export function renderRescheduleModal(view: ChecklistView, timeZone: string, metadata: string): types.ModalView {
  return modal(RESCHEDULE_CALLBACK, `Reschedule ${view.releaseId}`, 'Reschedule', 'Back', metadata, [
    releaseLine(view, timeZone),
    {
      type: 'input', block_id: FIELD.when, label: plain('New deployment time', LIMITS.inputLabel),
      hint: plain('The reminders move with it.', LIMITS.inputLabel),
      element: { type: 'datetimepicker', action_id: FIELD_ACTION, initial_date_time: Math.floor(Date.parse(view.plannedAt) / 1000) },
    },
  ]);
}

/** Cancelling ends the release for good, so the modal says so before the person confirms. */
export function renderCancelModal(view: ChecklistView, timeZone: string, metadata: string): types.ModalView {
  return modal(CANCEL_CALLBACK, `Cancel ${view.releaseId}`, 'Cancel release', 'Keep it', metadata, [
    releaseLine(view, timeZone),
    { type: 'section', text: { type: 'mrkdwn', text: ':warning: *This cannot be undone.* The checklist stops and every pending reminder is cancelled.' } },
    {
      type: 'input', block_id: FIELD.cancelReason, optional: true, label: plain('Reason', LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: FIELD_ACTION, multiline: true, max_length: TEXT_LIMITS.reason, placeholder: plain('Shown in the thread, e.g. "replaced by R-43"') },
    },
  ]);
}

/**
 * The outcome, incident references and, while the release is in early life support, the ELS result (both inputs
 * required then: the report counts ELS results, and a half answer would skew it).
 */
export function renderCloseModal(view: ChecklistView, timeZone: string, metadata: string, askEls: boolean): types.ModalView {
  const blocks: types.KnownBlock[] = [
    releaseLine(view, timeZone),
    {
      type: 'input', block_id: FIELD.outcome, label: plain('Outcome', LIMITS.inputLabel),
      element: { type: 'radio_buttons', action_id: FIELD_ACTION, options: OUTCOMES.map((o) => option(o, OUTCOME_LABELS[o].choice)) },
    },
    {
      type: 'input', block_id: FIELD.incidents, optional: true, label: plain('Incident references', LIMITS.inputLabel),
      hint: plain('Separate several with commas or spaces.', LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: FIELD_ACTION, max_length: INCIDENTS_MAX_LENGTH, placeholder: plain('INC-1042, INC-1043') },
    },
  ];
  if (askEls) {
    blocks.push(
      {
        type: 'input', block_id: FIELD.elsIncidents, label: plain('Incidents during early life support', LIMITS.inputLabel),
        hint: plain('0 if there were none.', LIMITS.inputLabel),
        element: { type: 'number_input', action_id: FIELD_ACTION, is_decimal_allowed: false, min_value: '0', max_value: String(MAX_ELS_INCIDENTS) },
      },
      {
        type: 'input', block_id: FIELD.elsExit, label: plain('ELS exit criteria met?', LIMITS.inputLabel),
        element: { type: 'radio_buttons', action_id: FIELD_ACTION, options: Object.entries(ELS_EXIT_LABELS).map(([v, l]) => option(v, l)) },
      },
    );
  }
  return modal(CLOSE_CALLBACK, `Close ${view.releaseId}`, 'Close release', 'Back', metadata, blocks);
}
