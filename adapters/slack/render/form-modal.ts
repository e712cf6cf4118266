import type { types } from '@slack/bolt';
import type { FormKind, Outcome } from '../../../src/index.js';
import { renderAssignModal, renderSkipModal } from './step-modals.js';
import { renderRejectModal } from './gate-blocks.js';
import { renderCancelModal, renderCloseModal, renderRescheduleModal } from './release-modals.js';

type FormOutcome = Extract<Outcome, { kind: 'form' }>;
type FormModal = (form: FormOutcome, timeZone: string, metadata: string) => types.ModalView;

/** The step of a step form: the core names it for skip and assign; without it the form cannot be drawn. */
function stepOf(form: FormOutcome): NonNullable<FormOutcome['step']> {
  if (!form.step) throw new Error(`a ${form.form} form needs its step`);
  return form.step;
}

const MODALS: Record<FormKind, FormModal> = {
  skip: (f, _tz, meta) => renderSkipModal(f.view.releaseId, stepOf(f), meta),
  assign: (f, _tz, meta) => renderAssignModal(f.view.releaseId, stepOf(f), meta),
  reschedule: (f, tz, meta) => renderRescheduleModal(f.view, tz, meta),
  cancel: (f, tz, meta) => renderCancelModal(f.view, tz, meta),
  close: (f, tz, meta) => renderCloseModal(f.view, tz, meta, f.askEls),
  reject: (f, _tz, meta) => {
    if (!f.gate) throw new Error('a reject form needs its gate');
    return renderRejectModal(f.view, f.gate, meta);
  },
};

/** The modal that asks what the core says a change needs. */
export function renderFormModal(form: FormOutcome, timeZone: string, metadata: string): types.ModalView {
  return MODALS[form.form](form, timeZone, metadata);
}
