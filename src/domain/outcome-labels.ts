import type { OutcomeResult } from './release-schema.js';

/** How each outcome reads in a sentence ("closed: rolled back") and as a choice in a form ("Rolled back"). */
export const OUTCOME_LABELS: Record<OutcomeResult, { phrase: string; choice: string }> = {
  success: { phrase: 'success', choice: 'Success' },
  failed: { phrase: 'failed', choice: 'Failed' },
  rolled_back: { phrase: 'rolled back', choice: 'Rolled back' },
  hotfix: { phrase: 'needed a hotfix', choice: 'Needed a hotfix' },
};
