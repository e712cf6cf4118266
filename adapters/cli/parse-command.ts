import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import { parseAnswers } from './parse-answers.js';
import { parseDuration } from './parse-duration.js';
import { COMMAND_HELP } from './release-bot-usage.js';

/* The API's enums, repeated so the CLI loads nothing of the core; a test checks they agree with src/. */
export const STEP_ACTIONS = ['complete', 'skip', 'undo'] as const;
export const DEPLOYMENT_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const;
export const OUTCOMES = ['success', 'failed', 'rolled_back', 'hotfix'] as const;

type Body = Record<string, unknown>;
/** A change: POSTed to `path` with an Idempotency-Key (the given one, or one generated per run). */
export type Change = { kind: 'start' | 'step' | 'deploy' | 'close' | 'cancel'; path: string; body: Body; releaseId?: string; idempotencyKey?: string };
export type Command =
  | { kind: 'help'; topic?: string }
  | Change
  | { kind: 'gates'; releaseId: string; waitMs?: number; intervalMs: number }
  | { kind: 'status'; releaseId: string };

const str = { type: 'string' } as const;
const many = { type: 'string', multiple: true } as const;
const key = { 'idempotency-key': str };
const OPTIONS: Record<string, NonNullable<ParseArgsConfig['options']>> = {
  start: { title: str, answer: many, model: str, reason: str, 'freeze-reason': str, 'external-id': str, 'release-manager': str, 'slack-channel': str, 'teams-conversation': str, ...key },
  step: { reason: str, 'evidence-url': str, commit: str, note: str, ...key },
  deploy: { environment: str, url: str, commit: str, 'override-reason': str, ...key },
  gates: { wait: str, interval: str },
  status: {},
  close: { incident: many, 'els-incidents': str, 'els-exit': str, note: str, ...key },
  cancel: { reason: str, ...key },
};

const usage = (command: string, message: string) => new CliError(EXIT.USAGE, message, [`Usage: ${COMMAND_HELP[command]?.split('\n')[0] ?? 'release-bot help'}`, 'See "release-bot help' + (COMMAND_HELP[command] ? ` ${command}` : '') + '".']);

function releaseIdOf(command: string, text: string | undefined): string {
  const m = /^r-?(\d+)$/i.exec(text?.trim() ?? '');
  if (!m) throw usage(command, text ? `"${text.slice(0, 40)}" is not a release id such as R-42.` : 'Name the release, e.g. R-42.');
  return `R-${Number(m[1])}`;
}

function oneOf<T extends string>(command: string, what: string, text: string | undefined, allowed: readonly T[]): T {
  if (text && (allowed as readonly string[]).includes(text)) return text as T;
  throw usage(command, `${text ? `"${text.slice(0, 40)}" is not ${what}` : `Give ${what}`}: one of ${allowed.join(', ')}.`);
}

function durationOf(command: string, flag: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms > 7 * 24 * 3_600_000) throw usage(command, `--${flag} "${text.slice(0, 40)}" is not a duration such as 30m, 15s or 1h30m (at most a week).`);
  return ms;
}

/** Drops options not given, so a body carries only what the user said. */
function defined(o: Body): Body {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)));
}

/** The command line as one command, or a usage error (exit 2) that says what is wrong. Sends nothing. */
export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new CliError(EXIT.USAGE, 'Give a command.', ['See "release-bot help".']);
  if (command === 'help' || command === '--help' || command === '-h') return { kind: 'help', ...(rest[0] ? { topic: rest[0] } : {}) };
  const options = OPTIONS[command];
  if (!options) throw new CliError(EXIT.USAGE, `"${command.slice(0, 40)}" is not a command.`, ['See "release-bot help".']);
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', topic: command };
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: true }));
  } catch (error) {
    throw usage(command, (error as Error).message.split('\n')[0] ?? 'The options are not valid.');
  }
  const s = (name: string) => values[name] as string | undefined;
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  const maxPositionals = { start: 0, step: 3, deploy: 2, gates: 1, status: 1, close: 2, cancel: 1 }[command] ?? 0;
  if (positionals.length > maxPositionals) throw usage(command, `Unexpected argument "${positionals[maxPositionals]!.slice(0, 40)}".`);
  const idempotencyKey = s('idempotency-key');
  const withKey = idempotencyKey !== undefined ? { idempotencyKey } : {};

  switch (command) {
    case 'start': {
      const title = s('title');
      if (!title?.trim()) throw usage(command, 'Give the title: --title "What is being released".');
      if (s('reason') !== undefined && s('model') === undefined) throw usage(command, '--reason goes with --model: it says why the model is overridden.');
      if (s('slack-channel') !== undefined && s('teams-conversation') !== undefined) throw usage(command, 'Name one place: --slack-channel or --teams-conversation.');
      const body = defined({
        title,
        answers: parseAnswers(list('answer')),
        override: s('model') !== undefined ? defined({ model: s('model'), reason: s('reason') }) : undefined,
        freezeOverride: s('freeze-reason') !== undefined ? { reason: s('freeze-reason') } : undefined,
        externalId: s('external-id'),
        releaseManager: s('release-manager'),
        where: s('slack-channel') !== undefined ? { slack: { channel: s('slack-channel') } } : s('teams-conversation') !== undefined ? { teams: { conversationId: s('teams-conversation') } } : undefined,
      });
      return { kind: 'start', path: '/releases', body: { answers: {}, ...body }, ...withKey };
    }
    case 'step': {
      const releaseId = releaseIdOf(command, positionals[0]);
      const step = positionals[1];
      if (!step) throw usage(command, 'Name the step: its number or its id, e.g. ci_green.');
      const action = oneOf(command, 'a step action', positionals[2], STEP_ACTIONS);
      const evidence = defined({ url: s('evidence-url'), commit: s('commit'), note: s('note') });
      const body = defined({ action, reason: s('reason'), evidence });
      return { kind: 'step', releaseId, path: `/releases/${releaseId}/steps/${encodeURIComponent(step)}`, body, ...withKey };
    }
    case 'deploy': {
      const releaseId = releaseIdOf(command, positionals[0]);
      const status = oneOf(command, 'a deployment status', positionals[1], DEPLOYMENT_STATUSES);
      const override = s('override-reason') !== undefined ? { reason: s('override-reason') } : undefined;
      const body = defined({ status, environment: s('environment'), url: s('url'), commit: s('commit'), override });
      return { kind: 'deploy', releaseId, path: `/releases/${releaseId}/deployments`, body, ...withKey };
    }
    case 'gates': {
      const releaseId = releaseIdOf(command, positionals[0]);
      const waitMs = durationOf(command, 'wait', s('wait'));
      const intervalMs = durationOf(command, 'interval', s('interval'), 15_000)!;
      if (intervalMs < 1000) throw usage(command, '--interval must be at least 1s.');
      return { kind: 'gates', releaseId, intervalMs, ...(waitMs !== undefined ? { waitMs } : {}) };
    }
    case 'status':
      return { kind: 'status', releaseId: releaseIdOf(command, positionals[0]) };
    case 'close': {
      const releaseId = releaseIdOf(command, positionals[0]);
      const outcome = oneOf(command, 'an outcome', positionals[1], OUTCOMES);
      const elsIncidents = s('els-incidents');
      const elsExit = s('els-exit');
      if ((elsIncidents === undefined) !== (elsExit === undefined)) throw usage(command, 'Give the ELS result as both --els-incidents N and --els-exit met|unmet.');
      if (elsIncidents !== undefined && !/^\d{1,6}$/.test(elsIncidents)) throw usage(command, `--els-incidents "${elsIncidents.slice(0, 40)}" is not a whole number.`);
      const els = elsExit !== undefined ? { incidents: Number(elsIncidents), exitCriteriaMet: oneOf(command, 'the ELS exit (--els-exit)', elsExit, ['met', 'unmet'] as const) === 'met' } : undefined;
      const incidents = list('incident');
      const body = defined({ outcome, incidents: incidents.length ? incidents : undefined, els, note: s('note') });
      return { kind: 'close', releaseId, path: `/releases/${releaseId}/close`, body, ...withKey };
    }
    case 'cancel': {
      const releaseId = releaseIdOf(command, positionals[0]);
      const reason = s('reason');
      if (!reason?.trim()) throw usage(command, 'Give the reason: --reason "why it is cancelled".');
      return { kind: 'cancel', releaseId, path: `/releases/${releaseId}/cancel`, body: { reason }, ...withKey };
    }
  }
  throw usage(command, `"${command}" is not a command.`);
}
