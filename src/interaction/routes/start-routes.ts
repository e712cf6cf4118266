import type { ChatLocation } from '../../domain/release-schema.js';
import type { Origin } from '../origin.js';
import type { RouteContext, RouteTable } from '../route-context.js';
import { freezeAt, type FreezeWindow } from '../../domain/freeze-windows.js';
import type { Answers } from '../../models/questions-schema.js';
import { publishChange } from './publish-change.js';
import { canReach } from '../visibility.js';
import { ReleaseError } from '../../domain/release-error.js';
import { resolvePerson } from '../resolve-person.js';

type StartRoutes = Pick<RouteTable, 'start' | 'answer' | 'create'>;

function locationOf(origin: Origin): ChatLocation {
  const { place } = origin;
  return {
    surface: place.surface,
    ...(place.workspaceId ? { workspaceId: place.workspaceId } : {}),
    channelId: place.channelId,
    ...(place.threadId ? { threadId: place.threadId } : {}),
    ...(place.ref ? { conversationRef: place.ref } : {}),
    messageIds: {},
  };
}

/**
 * The window a planned deployment falls in, whichever model is chosen: the form then asks why it must go out then.
 * A time already past is history (a deployment recorded after the fact), which no freeze can refuse.
 */
function freezeToExplain(windows: readonly FreezeWindow[], answers: Answers, ctx: RouteContext): { windowName: string; until: string; exempt: string[] } | undefined {
  const at = new Date(String(answers['deployAt']));
  if (!windows.length || Number.isNaN(at.getTime()) || at.getTime() <= ctx.clock.now().getTime()) return undefined;
  const span = freezeAt(windows, at, ctx.timeZone);
  return span ? { windowName: span.window.name, until: span.end.toISOString(), exempt: [...span.window.exempt] } : undefined;
}

export const startRoutes: StartRoutes = {
  /** The questions, with a title typed after the command already filled in, or marked if it cannot be used. */
  async start(intent, { service }) {
    const questions = service.questions();
    if (!intent.title) return { kind: 'questions', questions, values: {}, errors: {} };
    const values = { title: intent.title };
    const checked = service.validateAnswers(values);
    const error = checked.ok ? undefined : checked.errors['title'];
    const errors: Record<string, string> = error ? { title: error } : {};
    return { kind: 'questions', questions, values, errors };
  },

  async answer(intent, ctx) {
    const { service } = ctx;
    const checked = service.validateAnswers(intent.answers);
    if (!checked.ok) return { kind: 'questions', questions: service.questions(), values: intent.answers, errors: checked.errors };
    const freeze = freezeToExplain(service.freezeWindows(), checked.answers, ctx);
    return { kind: 'classification', result: service.classify(checked.answers), models: service.models(), answers: checked.answers, ...(freeze ? { freeze } : {}) };
  },

  async create(intent, ctx) {
    const { origin } = ctx;
    const releaseManager = intent.releaseManager ? await resolvePerson(intent.releaseManager, ctx, 'releaseManager') : undefined;
    // A caller's own id is unique per caller: a second start with it answers the release the first one started.
    const externalKey = intent.externalId ? { dedupeKey: `external:${origin.actor.id}:${intent.externalId}`, externalId: intent.externalId } : undefined;
    const result = await ctx.service.start({
      answers: intent.answers,
      actor: origin.actor,
      ...(releaseManager ? { releaseManager } : {}),
      ...(intent.override ? { override: intent.override } : {}),
      ...(intent.freezeOverride ? { freezeOverride: intent.freezeOverride } : {}),
      location: locationOf(origin),
      ...(externalKey ?? (origin.deliveryKey ? { dedupeKey: origin.deliveryKey } : {})),
    });
    // A repeated delivery key answers with the release it started: only where that release may be reached.
    if (!result.changed && !(await canReach(result.release, origin))) {
      throw new ReleaseError('conflict', 'This request was already used to start a release elsewhere; start a new one.');
    }
    return publishChange(ctx, 'create', result);
  },
};
