/** What a person can do to one checklist step. */
export type StepAction = 'complete' | 'undo' | 'skip' | 'assign';

/** What a person can do to a whole release. */
export type ReleaseAction = 'deploy' | 'reschedule' | 'cancel' | 'close';
