import { formatTime, isPipeline, type StepView } from '../../../src/index.js';

const MARK: Record<StepView['state'], string> = { done: '[x]', skipped: '[-]', open: '[ ]' };

export interface TimeOptions {
  timeZone: string;
  /** Times on the same day as `now` drop the date. */
  now: Date;
}

/** One checklist line: "  3. [x] Tag the build — Dev · done by alice 14:02". */
export function renderStep(step: StepView, opts: TimeOptions): string {
  const parts = [`${String(step.number).padStart(3)}. ${MARK[step.state]} ${step.title} — ${step.ownerLabel}`];
  if (step.state === 'done') parts.push(`done${step.by ? ` by ${step.by.name}` : ''}${step.at ? ` ${formatTime(step.at, opts.timeZone, 'clock', opts.now)}` : ''}${step.automated && step.by && !isPipeline(step.by) ? ' (by hand)' : ''}`);
  if (step.state === 'done' && step.evidence) parts.push(['evidence', step.evidence.url, step.evidence.commit, step.evidence.note].filter(Boolean).join(' '));
  if (step.state === 'open' && step.automated) parts.push('pipeline');
  if (step.state === 'skipped') parts.push(`skipped${step.by ? ` by ${step.by.name}` : ''}: ${step.reason ?? 'no reason given'}`);
  if (step.state === 'open' && step.dueAt) parts.push(`due ${formatTime(step.dueAt, opts.timeZone, 'short')}${step.overdue ? ' OVERDUE' : ''}`);
  if (step.assignee) parts.push(`assigned to ${step.assignee.name}`);
  if (step.isDeploymentStep) parts.push('marks deployment');
  return parts.join(' · ');
}
