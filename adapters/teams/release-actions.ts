import { z } from 'zod';
import { OUTCOMES } from '../../src/domain/release-schema.js';
import type { ActionResult } from '../../src/app/release-service.js';
import type { CardActionInput } from './card-actions.js';
import { CANCEL_REASON, CLOSE_ELS_EXIT, CLOSE_ELS_INCIDENTS, CLOSE_INCIDENTS, CLOSE_OUTCOME, RELEASE_VERB, RESCHEDULE_DATE, RESCHEDULE_TIME } from './cards/summary-card.js';
import { parseCloseEls } from './close-els.js';
import { parseStoredRef } from './conversation-ref.js';
import { actorFrom } from './teams-actor.js';
import type { ActionOutcome, TeamsDeps } from './teams-deps.js';

const releaseData = z.object({
  releaseId: z.string().min(1),
  [CANCEL_REASON]: z.string().optional(),
  [CLOSE_OUTCOME]: z.enum(OUTCOMES).optional(),
  [CLOSE_INCIDENTS]: z.string().optional(),
  // Checked by parseCloseEls, so a bad value gets its own message instead of "missing a field".
  [CLOSE_ELS_INCIDENTS]: z.unknown().optional(),
  [CLOSE_ELS_EXIT]: z.unknown().optional(),
  [RESCHEDULE_DATE]: z.string().optional(),
  [RESCHEDULE_TIME]: z.string().optional(),
});

/** The summary card's buttons: deploy, reschedule, cancel, close. The thread hears about each one. */
export async function releaseAction(deps: TeamsDeps, input: CardActionInput): Promise<ActionOutcome> {
  const parsed = releaseData.safeParse(input.data);
  if (!parsed.success) return { message: 'That button is missing its release or a field; try again from the release summary.' };
  const d = parsed.data;
  const actor = actorFrom(input.incoming);
  const key = input.incoming.id ? { dedupeKey: input.incoming.id } : {};
  const base = { releaseId: d.releaseId, actor, ...key };
  let result: ActionResult;
  switch (input.verb) {
    case RELEASE_VERB.deploy:
      result = await deps.service.markDeployed(base);
      break;
    case RELEASE_VERB.reschedule:
      if (!d[RESCHEDULE_DATE] || !d[RESCHEDULE_TIME]) return { message: 'Pick both the new date and the time.' };
      result = await deps.service.reschedule({ ...base, plannedAt: `${d[RESCHEDULE_DATE]} ${d[RESCHEDULE_TIME]}` });
      break;
    case RELEASE_VERB.cancel:
      result = await deps.service.cancel({ ...base, ...(d[CANCEL_REASON]?.trim() ? { reason: d[CANCEL_REASON].trim() } : {}) });
      break;
    default: {
      const outcome = d[CLOSE_OUTCOME];
      if (!outcome) return { message: 'Pick the outcome to close the release.' };
      // A message leaves the card as it is, so what was typed into the form is not lost.
      const els = parseCloseEls(d[CLOSE_ELS_INCIDENTS], d[CLOSE_ELS_EXIT]);
      if (!els.ok) return { message: els.message };
      const incidents = (d[CLOSE_INCIDENTS] ?? '').split(/[\s,]+/).filter(Boolean);
      result = await deps.service.close({ ...base, outcome, incidents, ...(els.els ? { els: els.els } : {}) });
    }
  }
  await announce(deps, result);
  await deps.cards.sync(d.releaseId);
  const latest = await deps.service.get(d.releaseId);
  const card = deps.cards.cardForMessage(latest, input.messageId);
  return card ? { card } : { message: result.message };
}

/** Posts the one-line confirmation into the release's thread, so everyone following it sees the change. */
export async function announce(deps: TeamsDeps, result: ActionResult): Promise<void> {
  if (!result.changed || result.release.location.surface !== 'teams') return;
  try {
    await deps.connector.post(parseStoredRef(result.release.location.conversationRef, result.release.id), { text: result.message });
  } catch (error) {
    deps.logger.warn('Could not post the change into the release thread', { releaseId: result.release.id, error });
  }
}
