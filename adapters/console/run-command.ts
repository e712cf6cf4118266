import type { ActionResult } from '../../src/app/release-service.js';
import { ReleaseError } from '../../src/app/release-error.js';
import type { Command } from '../../src/commands/command.js';
import type { Actor } from '../../src/domain/actor.js';
import { HELP_ENTRIES, HELP_INTRO } from '../../src/app/help.js';
import type { SurfaceContext } from '../surface.js';
import { consoleActor } from './console-actor.js';
import type { TimeOptions } from './render/format-time.js';
import { renderChecklist, renderHeader } from './render/render-checklist.js';
import { renderStep } from './render/render-step.js';
import { renderList } from './render/render-list.js';
import { renderModels } from './render/render-models.js';
import { renderHelp } from './render/render-help.js';
import { formatReportText } from '../../src/report/format-report-text.js';

/** What a command may read and change of the console session. */
export interface CommandScope {
  ctx: SurfaceContext;
  user: Actor;
  current?: string;
  setCurrent(releaseId: string): void;
  setUser(user: Actor): void;
  print(text: string): void;
}

function timeOptions(scope: CommandScope): TimeOptions {
  return { timeZone: scope.ctx.config.timeZone, now: scope.ctx.clock.now() };
}

function target(scope: CommandScope, releaseId: string | undefined): string {
  const id = releaseId ?? scope.current;
  if (!id) throw new ReleaseError('invalid', 'No current release: start one with /release, or name one, e.g. "status R-1".', 'release');
  return id;
}

function confirm(scope: CommandScope, result: ActionResult): void {
  scope.print(`${result.changed ? '✓' : '·'} ${result.message}`);
}

/** Runs every parsed command except `start`, which is a conversation of its own. */
export async function runCommand(command: Exclude<Command, { kind: 'start' }>, scope: CommandScope): Promise<void> {
  const { service } = scope.ctx;
  const actor = scope.user;
  switch (command.kind) {
    case 'as': {
      const user = consoleActor(command.name);
      scope.setUser(user);
      return scope.print(`✓ You are now ${user.name} (${user.id}).`);
    }
    case 'help':
      return scope.print(renderHelp(HELP_ENTRIES, command.topic, HELP_INTRO));
    case 'models':
      return scope.print(renderModels(service.models()));
    case 'list': {
      const releases = await service.listActive();
      return scope.print(renderList(releases.map((r) => service.view(r)), timeOptions(scope), scope.current));
    }
    case 'status': {
      const release = await service.get(target(scope, command.releaseId));
      scope.setCurrent(release.id);
      return scope.print(renderChecklist(service.view(release), timeOptions(scope)));
    }
    case 'report': {
      const summary = await scope.ctx.reports.summary(command.period);
      return scope.print(formatReportText(summary));
    }
    case 'step': {
      const releaseId = target(scope, command.releaseId);
      const result = await service.act({
        releaseId,
        step: command.step,
        action: command.action,
        actor,
        ...(command.reason ? { reason: command.reason } : {}),
        ...(command.assignee ? { assignee: consoleActor(command.assignee) } : {}),
      });
      scope.setCurrent(releaseId);
      confirm(scope, result);
      const step = result.view.phases.flatMap((p) => p.steps).find((s) => s.number === command.step);
      if (step) scope.print(`  ${renderStep(step, timeOptions(scope))}`);
      return scope.print(`  Progress: ${result.view.progress.done + result.view.progress.skipped}/${result.view.progress.total} · ${result.view.statusLabel}`);
    }
    case 'deploy':
      return showResult(scope, await service.markDeployed({ releaseId: target(scope, command.releaseId), actor }));
    case 'cancel':
      return showResult(scope, await service.cancel({ releaseId: command.releaseId, actor, ...(command.reason ? { reason: command.reason } : {}) }));
    case 'close':
      return showResult(
        scope,
        await service.close({ releaseId: command.releaseId, actor, outcome: command.outcome, incidents: command.incidents, ...(command.els ? { els: command.els } : {}) }),
      );
    case 'reschedule':
      return showResult(scope, await service.reschedule({ releaseId: command.releaseId, plannedAt: command.when, actor }));
  }
}

function showResult(scope: CommandScope, result: ActionResult): void {
  scope.setCurrent(result.release.id);
  confirm(scope, result);
  scope.print(renderHeader(result.view, timeOptions(scope)).join('\n'));
}
