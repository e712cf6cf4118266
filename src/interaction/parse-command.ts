import { normaliseReleaseId } from '../domain/release-id.js';
import { OUTCOMES } from '../domain/release-schema.js';
import type { StepAction } from '../domain/step-action.js';
import { parseReportPeriod } from '../report/report-service.js';
import { commandFor } from './command-table.js';
import type { Intent } from './intent.js';

export type ParseResult =
  | { ok: true; intent: Intent }
  /** `usage` is set when the command was known but its arguments were wrong; absent for an unknown command. */
  | { ok: false; message: string; usage?: string };

const STEP_VERBS: Record<string, StepAction> = { done: 'complete', undo: 'undo', skip: 'skip', assign: 'assign' };

function fail(verb: string, message: string): ParseResult {
  const usage = commandFor(verb)?.usage;
  return { ok: false, message: usage ? `${message}. Usage: ${usage}` : message, ...(usage ? { usage } : {}) };
}

function needId(verb: string, arg: string | undefined): string | ParseResult {
  const id = normaliseReleaseId(arg);
  if (id) return id;
  return fail(verb, arg ? `"${arg}" is not a release id such as R-42` : 'missing the release id');
}

const ok = (intent: Intent): ParseResult => ({ ok: true, intent });

/**
 * Parses one command line, as typed in the console, in Teams, or after `/release` in Slack. A leading "/release"
 * and a leading slash ("/status", the Slack habit) are tolerated. An empty line is a start, as `/release` alone opens
 * the questions.
 */
export function parseCommand(line: string): ParseResult {
  const words = line.trim().replace(/^\/release\b/i, '').trim().split(/\s+/).filter(Boolean);
  const typed = (words.shift() ?? '').toLowerCase().replace(/^\//, '');
  const rest = words.join(' ');
  if (typed === '') return ok({ kind: 'start' });
  const spec = commandFor(typed);
  if (!spec) return { ok: false, message: `Unknown command "${typed.slice(0, 40)}". Type "help" to see what I can do.` };
  const verb = spec.verb;
  switch (verb) {
    case 'release':
      return ok(rest ? { kind: 'start', title: rest } : { kind: 'start' });
    case 'list':
      return ok({ kind: 'list' });
    case 'models':
      return ok({ kind: 'models' });
    case 'freezes':
      return ok({ kind: 'freezes' });
    case 'help':
      return ok(rest ? { kind: 'help', topic: rest } : { kind: 'help' });
    case 'status':
    case 'gates': {
      if (!words[0]) return ok({ kind: verb });
      const id = needId(verb, words[0]);
      return typeof id === 'string' ? ok({ kind: verb, releaseId: id }) : id;
    }
    case 'deploy':
      return parseDeploy(words);
    case 'approve':
    case 'reject':
      return parseDecision(verb, words);
    case 'roles':
      return parseRoles(words);
    case 'digest': {
      const change = words[0]?.toLowerCase();
      if (!change) return ok({ kind: 'digest' });
      return change === 'on' || change === 'off' ? ok({ kind: 'digest', change }) : fail('digest', `"${change.slice(0, 40)}" is not on or off`);
    }
    case 'report': {
      const period = parseReportPeriod(rest || '30d');
      return period ? ok({ kind: 'report', period }) : fail('report', `"${rest}" is not a period: give days or weeks such as 7d, 4w or 90d, or all`);
    }
    case 'cancel': {
      const id = needId(verb, words[0]);
      if (typeof id !== 'string') return id;
      const reason = words.slice(1).join(' ');
      return ok(reason ? { kind: 'cancel', releaseId: id, reason } : { kind: 'cancel', releaseId: id });
    }
    case 'close':
      return parseClose(words);
    case 'reschedule': {
      const id = needId(verb, words[0]);
      if (typeof id !== 'string') return id;
      // "reschedule R-42 <time> override <reason>": the time is everything before the word override.
      const at = words.findIndex((w, i) => i > 0 && w.toLowerCase() === 'override');
      const when = words.slice(1, at < 0 ? undefined : at).join(' ');
      const reason = at < 0 ? '' : words.slice(at + 1).join(' ');
      if (!when) return fail(verb, 'missing the new deployment time');
      return ok({ kind: 'reschedule', releaseId: id, when, ...(at < 0 ? {} : { override: reason ? { reason } : {} }) });
    }
    case 'as':
      return rest ? ok({ kind: 'as', name: rest }) : fail(verb, 'missing the name');
    default:
      return parseStep(verb, STEP_VERBS[verb]!, words);
  }
}

function parseStep(verb: string, action: StepAction, words: string[]): ParseResult {
  const n = Number(words[0]);
  if (!words[0] || !Number.isInteger(n) || n < 1) return fail(verb, words[0] ? `"${words[0].slice(0, 40)}" is not a step number` : 'missing the step number');
  const releaseId = normaliseReleaseId(words[1]);
  const tail = words.slice(releaseId ? 2 : 1).join(' ');
  const base = { kind: 'step' as const, action, step: n, ...(releaseId ? { releaseId } : {}) };
  // A skip without a reason and an assign without a person are refused by the core, with the same words everywhere.
  if (action === 'skip') return ok(tail ? { ...base, reason: tail } : base);
  if (action === 'assign') return tail ? ok({ ...base, assignee: { name: tail.replace(/^@/, '') } }) : fail(verb, 'missing the person to assign');
  return ok(base);
}

/** "close R-42 hotfix INC-1 INC-2 els:1 exit:unmet": incident refs, then the ELS result. */
function parseClose(words: string[]): ParseResult {
  const id = needId('close', words[0]);
  if (typeof id !== 'string') return id;
  const outcome = (words[1] ?? '').toLowerCase().replace('-', '_').replace(/^rollback$|^rolledback$/, 'rolled_back');
  if (!(OUTCOMES as readonly string[]).includes(outcome)) {
    return fail('close', words[1] ? `"${words[1].slice(0, 40)}" is not an outcome (${OUTCOMES.join(', ')})` : 'missing the outcome');
  }
  const incidents: string[] = [];
  const els: { incidents?: string; exit?: string } = {};
  for (const word of words.slice(2)) {
    const [key, value = ''] = word.toLowerCase().split(':');
    if (key === 'els') els.incidents = value;
    else if (key === 'exit') els.exit = value;
    else incidents.push(word);
  }
  const hasEls = els.incidents !== undefined || els.exit !== undefined;
  return ok({ kind: 'close', releaseId: id, outcome, incidents, ...(hasEls ? { els } : {}) });
}

/** "deploy [R-42] [override <reason>]". */
function parseDeploy(words: string[]): ParseResult {
  const releaseId = normaliseReleaseId(words[0]);
  const rest = words.slice(releaseId ? 1 : 0);
  if (rest.length && rest[0]!.toLowerCase() !== 'override') return fail('deploy', `"${rest[0]!.slice(0, 40)}" is not a release id such as R-42, nor "override"`);
  const reason = rest.slice(1).join(' ');
  return ok({ kind: 'deploy', ...(releaseId ? { releaseId } : {}), ...(rest.length ? { override: reason ? { reason } : {} } : {}) });
}

/** "approve [R-42] [gate] [note]", "reject [R-42] [gate] <reason>": a gate id is one lower-case word the model defines. */
function parseDecision(verb: 'approve' | 'reject', words: string[]): ParseResult {
  const releaseId = normaliseReleaseId(words[0]);
  const rest = words.slice(releaseId ? 1 : 0);
  const gateId = rest[0] && /^[a-z0-9][a-z0-9_-]*$/.test(rest[0]) && rest.length >= 1 ? rest[0] : undefined;
  const note = rest.slice(gateId ? 1 : 0).join(' ');
  return ok({
    kind: 'decide',
    decision: verb === 'approve' ? 'approved' : 'rejected',
    ...(releaseId ? { releaseId } : {}),
    ...(gateId ? { gateId } : {}),
    ...(note ? { note } : {}),
  });
}

/** "roles", "roles add approver @carol, @dave", "roles remove ops bob". */
function parseRoles(words: string[]): ParseResult {
  if (!words[0]) return ok({ kind: 'roles' });
  const op = words[0].toLowerCase();
  if (op !== 'add' && op !== 'remove') return fail('roles', `"${words[0].slice(0, 40)}" is not add or remove`);
  const role = (words[1] ?? '').toLowerCase();
  if (!role) return fail('roles', 'missing the role');
  const people = peopleIn(words.slice(2).join(' '));
  if (!people.length) return fail('roles', 'missing the person');
  return ok({ kind: 'roles', change: { op, role, people: people.map((name) => ({ name: name.replace(/^@/, '') })) } });
}

/** People separated by commas; several mentions need none: "@ann @bob", or a surface's own mention markup, which starts with "<". */
function peopleIn(text: string): string[] {
  return text.split(',').flatMap((part) => {
    const t = part.trim();
    if (!t) return [];
    const tokens = t.split(/\s+/);
    return tokens.length > 1 && tokens.every((w) => /^[@<]/.test(w)) ? tokens : [t];
  });
}
