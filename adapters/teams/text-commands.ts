import { parseCommand } from '../../src/commands/parse-command.js';
import type { Command } from '../../src/commands/command.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Release } from '../../src/domain/release-schema.js';
import { ReleaseError } from '../../src/app/release-error.js';
import type { ActionResult } from '../../src/app/release-service.js';
import { formCard } from './cards/form-card.js';
import { helpCard, listCard, modelsCard, reportCard, statusCard } from './cards/info-cards.js';
import { threadOf } from './conversation-ref.js';
import { mentionsOf, type IncomingActivity } from './incoming-activity.js';
import { announce } from './release-actions.js';
import { actorFrom, commandText } from './teams-actor.js';
import type { OutgoingMessage } from './teams-connector.js';
import type { TeamsDeps } from './teams-deps.js';

/** The release a command without an id means: the one whose thread (or chat) it was typed in. */
async function releaseHere(deps: TeamsDeps, incoming: IncomingActivity, given: string | undefined, usage: string): Promise<string> {
  if (given) return given;
  const here = threadOf(incoming);
  const teams = (await deps.service.listActive()).filter((r) => r.location.surface === 'teams');
  // Its own reply chain first; else the only active release of the channel (typed in a new post there).
  const inThread = teams.filter((r) => conversationIdOf(r) === here.conversationId);
  const active = inThread.length ? inThread : teams.filter((r) => r.location.channelId === here.channelId);
  if (active.length === 1) return active[0]!.id;
  throw new ReleaseError('invalid', active.length === 0
    ? `Which release? No active release lives in this conversation. Name it, e.g. "${usage}".`
    : `Which release? Several are active here (${active.map((r) => r.id).join(', ')}). Name it, e.g. "${usage}".`);
}

function conversationIdOf(release: Release): string | undefined {
  const ref = release.location.conversationRef;
  const conversation = ref && typeof ref === 'object' ? (ref as { conversation?: { id?: unknown } }).conversation : undefined;
  return typeof conversation?.id === 'string' ? conversation.id : undefined;
}

/** "assign 5 @Alice": the person Teams mentioned (not the bot); otherwise someone the release already knows by name. */
async function assigneeFor(deps: TeamsDeps, incoming: IncomingActivity, releaseId: string, name: string): Promise<Actor> {
  const mentioned = mentionsOf(incoming).find((m) => m.mentioned.id !== incoming.recipient.id);
  if (mentioned) return { id: `teams:${mentioned.mentioned.id}`, name: mentioned.mentioned.name ?? name };
  if (/^me$/i.test(name)) return actorFrom(incoming);
  const release = await deps.service.get(releaseId);
  const known = [release.requester, release.releaseManager, ...release.audit.map((a) => a.actor), ...release.steps.flatMap((s) => (s.assignee ? [s.assignee] : []))];
  const match = known.find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (match) return match;
  throw new ReleaseError('invalid', `I do not know "${name}" yet. @mention them: "assign 5 @${name}", or use "Assign to me" on the card.`, 'assignee');
}

/** Runs one text command and returns the replies. Changes go through the core, then the release's cards follow. */
export async function handleText(deps: TeamsDeps, incoming: IncomingActivity): Promise<OutgoingMessage[]> {
  const line = commandText(incoming);
  const parsed = parseCommand(line);
  if (!parsed.ok) {
    if (parsed.usage) return [{ text: parsed.message }];
    return [{ card: helpCard(line ? `I did not understand "${line.slice(0, 80)}". Here is what I can do:` : undefined) }];
  }
  return runCommand(deps, incoming, parsed.command);
}

async function runCommand(deps: TeamsDeps, incoming: IncomingActivity, command: Command): Promise<OutgoingMessage[]> {
  const { service, timeZone } = deps;
  const actor = actorFrom(incoming);
  const key = incoming.id ? { dedupeKey: incoming.id } : {};
  switch (command.kind) {
    case 'start':
      return [{ card: formCard(service.questions(), command.title ? { title: command.title } : {}, {}, timeZone) }];
    case 'list': {
      const releases = await service.listActive();
      return [{ card: listCard(releases.map((r) => service.view(r)), timeZone) }];
    }
    case 'status': {
      const id = await releaseHere(deps, incoming, command.releaseId, 'status R-42');
      return [{ card: statusCard(service.view(await service.get(id)), timeZone) }];
    }
    case 'models':
      return [{ card: modelsCard(service.models()) }];
    case 'help':
      return [{ card: helpCard() }];
    case 'report':
      return [{ card: reportCard(await deps.reports.summary(command.period), timeZone) }];
    case 'as':
      return [{ text: 'In Teams you act as yourself: I take your name from Teams.' }];
    case 'cancel':
      return changed(deps, incoming, await service.cancel({ releaseId: command.releaseId, actor, ...(command.reason ? { reason: command.reason } : {}), ...key }));
    case 'close':
      return changed(deps, incoming, await service.close({ releaseId: command.releaseId, actor, outcome: command.outcome, incidents: command.incidents, ...(command.els ? { els: command.els } : {}), ...key }));
    case 'deploy': {
      const id = await releaseHere(deps, incoming, command.releaseId, 'deploy R-42');
      return changed(deps, incoming, await service.markDeployed({ releaseId: id, actor, ...key }));
    }
    case 'reschedule':
      return changed(deps, incoming, await service.reschedule({ releaseId: command.releaseId, plannedAt: command.when, actor, ...key }));
    case 'step': {
      const id = await releaseHere(deps, incoming, command.releaseId, `${command.action === 'complete' ? 'done' : command.action} ${command.step} R-42`);
      const assignee = command.action === 'assign' && command.assignee ? await assigneeFor(deps, incoming, id, command.assignee) : undefined;
      const result = await service.act({
        releaseId: id,
        step: command.step,
        action: command.action,
        actor,
        ...(command.reason ? { reason: command.reason } : {}),
        ...(assignee ? { assignee } : {}),
        ...key,
      });
      await deps.cards.sync(id);
      return [{ text: result.message }];
    }
  }
}

/** A release-level change: the cards follow, the thread hears about it, and the person gets the confirmation. */
async function changed(deps: TeamsDeps, incoming: IncomingActivity, result: ActionResult): Promise<OutgoingMessage[]> {
  await deps.cards.sync(result.release.id);
  const typedInThread = conversationIdOf(result.release) === threadOf(incoming).conversationId;
  if (!typedInThread) await announce(deps, result);
  return [{ text: result.message }];
}
