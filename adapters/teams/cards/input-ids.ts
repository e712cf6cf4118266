/** Ids of the card inputs whose values come back with a click, merged into the button's data. */
export const INPUT_ID = {
  model: 'rb_model',
  overrideReason: 'rb_override_reason',
  /** Why a release must deploy inside a freeze window, asked on the confirm card only when it does. */
  freezeReason: 'rb_freeze_reason',
  newDate: 'rb_new_date',
  newTime: 'rb_new_time',
  cancelReason: 'rb_cancel_reason',
  outcome: 'rb_outcome',
  incidents: 'rb_incidents',
  elsIncidents: 'rb_els_incidents',
  elsExit: 'rb_els_exit',
} as const;

/** A datetime question is two inputs, as Adaptive Cards have no combined picker. */
export const dateInputId = (questionId: string) => `${questionId}__date`;
export const timeInputId = (questionId: string) => `${questionId}__time`;

/** One per step, so a reason typed for one step never travels with another step's button. */
export const skipReasonInputId = (stepNumber: number) => `reason_${stepNumber}`;

/** One per gate, so the reason typed under one gate's Reject… never travels with another gate's button. */
export const rejectReasonInputId = (gateId: string) => `reject_${gateId}`;
