import { localActor } from '../../domain/local-actor.js';
import { ReleaseError } from '../../domain/release-error.js';
import { TEXT_LIMITS, typedText } from '../../domain/text-limits.js';
import { COMMANDS, HELP_INTRO, helpEntries } from '../command-table.js';
import { reach, reachableActive, resolveReachable } from '../reach.js';
import { inWorkspace } from '../visibility.js';
import type { RouteTable } from '../route-context.js';

type InfoRoutes = Pick<RouteTable, 'list' | 'status' | 'models' | 'help' | 'report' | 'refresh' | 'as'>;

export const infoRoutes: InfoRoutes = {
  async list(_intent, ctx) {
    const { service, origin, current } = ctx;
    const releases = await reachableActive(ctx);
    const here = current.get(origin.actor.id);
    return { kind: 'list', releases, views: releases.map((r) => service.view(r)), ...(here ? { current: here } : {}) };
  },

  async status(intent, ctx) {
    const release = await resolveReachable(ctx, intent.releaseId, 'status [R-42]');
    ctx.current.set(ctx.origin.actor.id, release.id);
    return { kind: 'checklist', release, view: ctx.service.view(release) };
  },

  async refresh(intent, ctx) {
    const release = await reach(ctx, intent.releaseId);
    return { kind: 'checklist', release, view: ctx.service.view(release) };
  },

  async models(_intent, { service }) {
    return { kind: 'models', models: service.models() };
  },

  async help(intent, { origin }) {
    const console = origin.place.surface === 'console';
    const entries = helpEntries({ console, ...(intent.topic ? { topic: intent.topic } : {}) });
    if (intent.topic && entries.length === 0) {
      return { kind: 'help', entries: helpEntries({ console }), intro: HELP_INTRO, note: `No command matches "${intent.topic.slice(0, 40)}"; here is everything I can do.` };
    }
    return { kind: 'help', entries, intro: HELP_INTRO, ...(intent.topic ? { topic: intent.topic } : {}) };
  },

  async report(intent, { reports, origin }) {
    return { kind: 'report', summary: await reports.summary(intent.period, inWorkspace(origin)) };
  },

  async as(intent, { origin }) {
    if (origin.place.surface !== 'console') {
      throw new ReleaseError('invalid', `${COMMANDS.find((c) => c.verb === 'as')?.usage ?? 'as'} is for the console: here I already know who you are.`);
    }
    const name = typedText(intent.name, { field: 'name', max: TEXT_LIMITS.personName, what: 'name', required: 'Say who you are, e.g. "as bob".' })!;
    return { kind: 'identity', actor: localActor(name) };
  },
};
