import type { OutcomeResult } from './release-schema.js';

/** How each outcome reads in a sentence ("closed: rolled back") and as a choice in a form ("Rolled back"). */
export const OUTCOME_LABELS: Record<OutcomeResult, { phrase: string; choice: string }> = {
  success: { phrase: 'success', choice: 'Success' },
  failed: { phrase: 'failed', choice: 'Failed' },
  rolled_back: { phrase: 'rolled back', choice: 'Rolled back' },
  hotfix: { phrase: 'needed a hotfix', choice: 'Needed a hotfix' },
};

/** What a close recorded, as one line: "needed a hotfix. Incidents: INC-1. ELS: 1 incident, exit criteria not met." */
export function describeOutcome(o: { result: OutcomeResult; incidents: readonly string[]; els?: { incidents: number; exitCriteriaMet: boolean } }): string {
  const parts = [`${OUTCOME_LABELS[o.result].phrase}.`];
  if (o.incidents.length) parts.push(`Incidents: ${o.incidents.join(', ')}.`);
  if (o.els) parts.push(`ELS: ${o.els.incidents} incident${o.els.incidents === 1 ? '' : 's'}, exit criteria ${o.els.exitCriteriaMet ? 'met' : 'not met'}.`);
  return parts.join(' ');
}
