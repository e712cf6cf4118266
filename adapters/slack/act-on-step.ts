import type { StepActionInput } from '../../src/app/release-service.js';
import type { SlackDeps } from './slack-deps.js';
import { publishHome } from './publish-home.js';
import { reportFailure, tellPrivately, type FailureTarget } from './report-failure.js';

export interface StepOrigin extends FailureTarget {
  fromHome: boolean;
  /** Send the one-line confirmation (commands); buttons confirm by updating the message instead. */
  confirm?: boolean;
}

/**
 * Records a step action, then brings every place that shows it up to date: the thread messages,
 * the summary, and the clicker's App Home. Refused actions get a private note saying why.
 */
export async function actOnStep(deps: SlackDeps, input: StepActionInput, origin: StepOrigin): Promise<void> {
  try {
    const result = await deps.service.act(input);
    const updates: Array<Promise<void>> = [deps.publisher.refresh(result.release, result.view)];
    if (origin.fromHome) updates.push(publishHome(deps, origin.userId));
    if (origin.confirm) updates.push(tellPrivately(deps.client, deps.logger, result.message, origin));
    await Promise.all(updates);
  } catch (error) {
    await reportFailure(deps.client, deps.logger, error, origin, { releaseId: input.releaseId, step: input.step, action: input.action });
  }
}
