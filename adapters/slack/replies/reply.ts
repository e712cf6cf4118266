import type { PrivateTarget } from './tell-privately.js';

/** Where and how an outcome is answered: the person's private channel back, and what the place it came from allows. */
export interface Reply {
  target: PrivateTarget;
  /** Commands confirm every change in words; buttons and forms let the updated messages speak, unless nothing changed. */
  confirmChanges: boolean;
  /** Opens a modal in answer (the questions, a form); absent where Slack gave no trigger. */
  triggerId?: string;
  /** The channel and thread acted from: kept in a form's metadata, and where a release never posted is posted. */
  channelId?: string;
  threadTs?: string;
}
