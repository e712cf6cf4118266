import type { GateView, ReleaseAction, StepAction } from '../../../src/index.js';

/** The verbs our cards send back. A stored card keeps its verbs, so they are never renamed, only added. */
export const CARD_VERB = {
  formSubmit: 'form.submit',
  formEdit: 'form.edit',
  formConfirm: 'form.confirm',
  /** A secondary button that draws its form in place for the person who clicked ("Skip…", "Reschedule…"). */
  openForm: 'form.open',
  refresh: 'card.refresh',
} as const;

export const STEP_VERB: Record<StepAction, string> = {
  complete: 'step.complete',
  undo: 'step.undo',
  skip: 'step.skip',
  assign: 'step.assign',
};

export const RELEASE_VERB: Record<ReleaseAction, string> = {
  deploy: 'release.deploy',
  reschedule: 'release.reschedule',
  cancel: 'release.cancel',
  close: 'release.close',
};

/** A gate's decision, from its own buttons on the summary: data { releaseId, gateId }, a rejection with its reason. */
export const GATE_VERB: Record<GateView['actions'][number], string> = {
  approve: 'gate.approve',
  reject: 'gate.reject',
};
