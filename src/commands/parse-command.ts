import { OUTCOMES, type OutcomeResult } from '../domain/release-schema.js';
import type { Command, ParseResult } from './command.js';
import type { StepAction } from '../view/checklist-view.js';

const RELEASE_ID = /^r-?(\d+)$/i;

export const USAGE: Record<string, string> = {
  start: 'release [title]',
  status: 'status [R-42]',
  cancel: 'cancel R-42 [reason]',
  close: `close R-42 <${OUTCOMES.join('|')}> [incident refs…] [els:<incidents during ELS>] [exit:met|unmet]`,
  deploy: 'deploy [R-42]',
  reschedule: 'reschedule R-42 <YYYY-MM-DD HH:MM>',
  done: 'done <step number> [R-42]',
  undo: 'undo <step number> [R-42]',
  skip: 'skip <step number> [R-42] <reason>',
  assign: 'assign <step number> [R-42] <person>',
  report: 'report [30d|90d|all]',
  as: 'as <name>',
};

const STEP_VERBS: Record<string, StepAction> = { done: 'complete', complete: 'complete', undo: 'undo', skip: 'skip', assign: 'assign' };

/** "r42", "R-42", "r-42" → "R-42"; anything else → undefined. */
export function normaliseReleaseId(text: string | undefined): string | undefined {
  const m = text === undefined ? null : RELEASE_ID.exec(text.trim());
  return m ? `R-${Number(m[1])}` : undefined;
}

function fail(verb: string, message: string): ParseResult {
  const usage = USAGE[verb];
  return { ok: false, message: usage ? `${message}. Usage: ${usage}` : message, usage };
}

function needId(verb: string, arg: string | undefined): string | ParseResult {
  const id = normaliseReleaseId(arg);
  if (id) return id;
  return fail(verb, arg ? `"${arg}" is not a release id such as R-42` : 'missing the release id');
}

/**
 * Parses one command line. The leading "/release" (console) and a leading bot mention (Teams) are
 * removed by the caller or tolerated here. An empty line is a start, as `/release` alone opens the questions.
 */
export function parseCommand(line: string): ParseResult {
  const words = line.trim().replace(/^\/release\b/i, '').trim().split(/\s+/).filter(Boolean);
  // People type "/as bob" or "/status" as readily as "as bob".
  const verb = (words.shift() ?? '').toLowerCase().replace(/^\//, '');
  const rest = words.join(' ');
  switch (verb) {
    case '':
    case 'new':
    case 'release':
    case 'start':
      return { ok: true, command: rest ? { kind: 'start', title: rest } : { kind: 'start' } };
    case 'list':
    case 'ls':
      return { ok: true, command: { kind: 'list' } };
    case 'models':
      return { ok: true, command: { kind: 'models' } };
    case 'help':
    case '?':
      return { ok: true, command: rest ? { kind: 'help', topic: rest } : { kind: 'help' } };
    case 'status': {
      if (!words[0]) return { ok: true, command: { kind: 'status' } };
      const id = needId('status', words[0]);
      return typeof id === 'string' ? { ok: true, command: { kind: 'status', releaseId: id } } : id;
    }
    case 'report': {
      const period = (words[0] ?? '30d').toLowerCase();
      if (period !== '30d' && period !== '90d' && period !== 'all') return fail('report', `"${words[0]}" is not a period`);
      return { ok: true, command: { kind: 'report', period } };
    }
    case 'cancel': {
      const id = needId('cancel', words[0]);
      if (typeof id !== 'string') return id;
      const reason = words.slice(1).join(' ');
      return { ok: true, command: reason ? { kind: 'cancel', releaseId: id, reason } : { kind: 'cancel', releaseId: id } };
    }
    case 'close': {
      const id = needId('close', words[0]);
      if (typeof id !== 'string') return id;
      const outcome = (words[1] ?? '').toLowerCase().replace('-', '_').replace(/^rollback$|^rolledback$/, 'rolled_back');
      if (!(OUTCOMES as readonly string[]).includes(outcome))
        return fail('close', words[1] ? `"${words[1]}" is not an outcome (${OUTCOMES.join(', ')})` : 'missing the outcome');
      return parseClose(id, outcome as OutcomeResult, words.slice(2));
    }
    case 'deploy':
    case 'deployed': {
      if (!words[0]) return { ok: true, command: { kind: 'deploy' } };
      const id = needId('deploy', words[0]);
      return typeof id === 'string' ? { ok: true, command: { kind: 'deploy', releaseId: id } } : id;
    }
    case 'reschedule': {
      const id = needId('reschedule', words[0]);
      if (typeof id !== 'string') return id;
      const when = words.slice(1).join(' ');
      if (!when) return fail('reschedule', 'missing the new deployment time');
      return { ok: true, command: { kind: 'reschedule', releaseId: id, when } };
    }
    case 'as':
      return rest ? { ok: true, command: { kind: 'as', name: rest } } : fail('as', 'missing the name');
    default: {
      const action = STEP_VERBS[verb];
      if (!action) return { ok: false, message: `Unknown command "${verb}". Type "help" to see what I can do.` };
      return parseStep(verb, action, words);
    }
  }
}

function parseStep(verb: string, action: StepAction, words: string[]): ParseResult {
  const n = Number(words[0]);
  if (!words[0] || !Number.isInteger(n) || n < 1)
    return fail(verb, words[0] ? `"${words[0]}" is not a step number` : 'missing the step number');
  const releaseId = normaliseReleaseId(words[1]);
  const tail = words.slice(releaseId ? 2 : 1).join(' ');
  const base = { kind: 'step' as const, action, step: n, ...(releaseId ? { releaseId } : {}) };
  if (action === 'skip') {
    if (!tail) return fail(verb, 'a skip needs a reason');
    return { ok: true, command: { ...base, reason: tail } };
  }
  if (action === 'assign') {
    if (!tail) return fail(verb, 'missing the person to assign');
    return { ok: true, command: { ...base, assignee: tail.replace(/^@/, '') } };
  }
  return { ok: true, command: base };
}

/** "INC-1 INC-2 els:1 exit:unmet": incident refs, then the ELS result (incidents during ELS, exit criteria met). */
function parseClose(releaseId: string, outcome: OutcomeResult, rest: string[]): ParseResult {
  const incidents: string[] = [];
  let elsIncidents: number | undefined;
  let exit: boolean | undefined;
  for (const word of rest) {
    const [key, value = ''] = word.toLowerCase().split(':');
    if (key === 'els') {
      if (!/^\d+$/.test(value)) return fail('close', `"${word}" must give the number of incidents during ELS, e.g. els:0`);
      elsIncidents = Number(value);
    } else if (key === 'exit') {
      if (!['met', 'unmet', 'yes', 'no'].includes(value)) return fail('close', `"${word}" must be exit:met or exit:unmet`);
      exit = value === 'met' || value === 'yes';
    } else incidents.push(word);
  }
  if (elsIncidents !== undefined && exit === undefined) return fail('close', 'with els:N also say whether the ELS exit criteria were met (exit:met or exit:unmet)');
  const els = exit === undefined ? undefined : { incidents: elsIncidents ?? incidents.length, exitCriteriaMet: exit };
  return { ok: true, command: { kind: 'close', releaseId, outcome, incidents, ...(els ? { els } : {}) } };
}
