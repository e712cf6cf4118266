import type { OutcomeResult } from '../domain/release-schema.js';
import type { StepAction } from '../view/checklist-view.js';

/** A text command, as typed in the console, in Teams, or after `/release` in Slack. */
export type Command =
  | { kind: 'start'; title?: string }
  | { kind: 'list' }
  | { kind: 'status'; releaseId?: string }
  | { kind: 'models' }
  | { kind: 'help'; topic?: string }
  | { kind: 'report'; period: '30d' | '90d' | 'all' }
  | { kind: 'cancel'; releaseId: string; reason?: string }
  | { kind: 'close'; releaseId: string; outcome: OutcomeResult; incidents: string[]; els?: { incidents: number; exitCriteriaMet: boolean } }
  | { kind: 'deploy'; releaseId?: string }
  | { kind: 'reschedule'; releaseId: string; when: string }
  | { kind: 'step'; action: StepAction; step: number; releaseId?: string; reason?: string; assignee?: string }
  | { kind: 'as'; name: string };

export type ParseResult =
  | { ok: true; command: Command }
  /** `message` names the argument that was wrong and shows the right form. */
  | { ok: false; message: string; usage?: string };
