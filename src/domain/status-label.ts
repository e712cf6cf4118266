import type { Release } from '../domain/release-schema.js';

const LABELS: Record<Release['status'], string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  deployed: 'Deployed',
  els: 'Early life support',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const OUTCOME_LABELS: Record<NonNullable<Release['outcome']>['result'], string> = {
  success: 'success',
  failed: 'failed',
  rolled_back: 'rolled back',
  hotfix: 'needed a hotfix',
};

export function statusLabel(release: Pick<Release, 'status' | 'outcome'>): string {
  const base = LABELS[release.status];
  return release.outcome ? `${base} (${OUTCOME_LABELS[release.outcome.result]})` : base;
}
