import type { StepView } from '../../../src/view/checklist-view.js';
import { formatDueTime, formatShortTime, type TimeOptions } from './format-time.js';

const MARK: Record<StepView['state'], string> = { done: '[x]', skipped: '[-]', open: '[ ]' };

/** One checklist line: "  3. [x] Tag the build — Dev · done by alice 14:02". */
export function renderStep(step: StepView, opts: TimeOptions): string {
  const parts = [`${String(step.number).padStart(3)}. ${MARK[step.state]} ${step.title} — ${step.ownerLabel}`];
  if (step.state === 'done') parts.push(`done${step.by ? ` by ${step.by.name}` : ''}${step.at ? ` ${formatShortTime(step.at, opts)}` : ''}`);
  if (step.state === 'skipped') parts.push(`skipped${step.by ? ` by ${step.by.name}` : ''}: ${step.reason ?? 'no reason given'}`);
  if (step.state === 'open' && step.dueAt) parts.push(`due ${formatDueTime(step.dueAt, opts.timeZone)}${step.overdue ? ' OVERDUE' : ''}`);
  if (step.assignee) parts.push(`assigned to ${step.assignee.name}`);
  if (step.isDeploymentStep) parts.push('marks deployment');
  return parts.join(' · ');
}
