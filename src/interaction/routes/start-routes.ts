import type { ChatLocation } from '../../domain/release-schema.js';
import type { Origin } from '../origin.js';
import type { RouteTable } from '../route-context.js';
import { publishChange } from './publish-change.js';
import { canReach } from '../visibility.js';
import { ReleaseError } from '../../domain/release-error.js';

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

  async answer(intent, { service }) {
    const checked = service.validateAnswers(intent.answers);
    if (!checked.ok) return { kind: 'questions', questions: service.questions(), values: intent.answers, errors: checked.errors };
    return { kind: 'classification', result: service.classify(checked.answers), models: service.models(), answers: checked.answers };
  },

  async create(intent, ctx) {
    const { origin } = ctx;
    const result = await ctx.service.start({
      answers: intent.answers,
      actor: origin.actor,
      ...(intent.override ? { override: intent.override } : {}),
      ...(intent.freezeOverride ? { freezeOverride: intent.freezeOverride } : {}),
      location: locationOf(origin),
      ...(origin.deliveryKey ? { dedupeKey: origin.deliveryKey } : {}),
    });
    // A repeated delivery key answers with the release it started: only where that release may be reached.
    if (!result.changed && !(await canReach(result.release, origin))) {
      throw new ReleaseError('conflict', 'This request was already used to start a release elsewhere; start a new one.');
    }
    return publishChange(ctx, 'create', result);
  },
};
