import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/interaction/parse-command.js';
import { COMMANDS } from '../../src/interaction/command-table.js';

const ok = (line: string) => {
  const r = parseCommand(line);
  if (!r.ok) throw new Error(r.message);
  return r.intent;
};
const err = (line: string) => {
  const r = parseCommand(line);
  if (r.ok) throw new Error(`expected an error for ${line}`);
  return r;
};

describe('parseCommand', () => {
  it('reads every command of the help', () => {
    expect(ok('/release')).toEqual({ kind: 'start' });
    expect(ok('/release new Checkout v2')).toEqual({ kind: 'start', title: 'Checkout v2' });
    expect(ok('list')).toEqual({ kind: 'list' });
    expect(ok('status r42')).toEqual({ kind: 'status', releaseId: 'R-42' });
    expect(ok('close R-1 rolled-back INC-9')).toEqual({ kind: 'close', releaseId: 'R-1', outcome: 'rolled_back', incidents: ['INC-9'] });
    expect(ok('close R-2 success els:0 exit:met')).toEqual({ kind: 'close', releaseId: 'R-2', outcome: 'success', incidents: [], els: { incidents: '0', exit: 'met' } });
    expect(ok('cancel R-3 superseded by R-4')).toEqual({ kind: 'cancel', releaseId: 'R-3', reason: 'superseded by R-4' });
    expect(ok('done 3')).toEqual({ kind: 'step', action: 'complete', step: 3 });
    expect(ok('undo 3 R-2')).toEqual({ kind: 'step', action: 'undo', step: 3, releaseId: 'R-2' });
    expect(ok('skip 4 not needed for this release')).toEqual({ kind: 'step', action: 'skip', step: 4, reason: 'not needed for this release' });
    // The core refuses a skip without a reason, with the same words on every surface.
    expect(ok('skip 4')).toEqual({ kind: 'step', action: 'skip', step: 4 });
    expect(ok('assign 5 @alice')).toEqual({ kind: 'step', action: 'assign', step: 5, assignee: { name: 'alice' } });
    expect(ok('reschedule R-1 2026-12-01 14:00')).toEqual({ kind: 'reschedule', releaseId: 'R-1', when: '2026-12-01 14:00' });
    expect(ok('reschedule R-1 2026-12-01 14:00 override launch moved up')).toEqual({ kind: 'reschedule', releaseId: 'R-1', when: '2026-12-01 14:00', override: { reason: 'launch moved up' } });
    // Without a reason the core refuses, asking for it.
    expect(ok('reschedule R-1 in 2h override')).toEqual({ kind: 'reschedule', releaseId: 'R-1', when: 'in 2h', override: {} });
    expect(ok('freezes')).toEqual({ kind: 'freezes' });
    expect(ok('/as bob')).toEqual({ kind: 'as', name: 'bob' });
  });

  it('takes any number of days or weeks for the report', () => {
    expect(ok('report')).toEqual({ kind: 'report', period: '30d' });
    expect(ok('report 7d')).toEqual({ kind: 'report', period: '7d' });
    expect(ok('report 90d')).toEqual({ kind: 'report', period: '90d' });
    expect(ok('report 2w')).toEqual({ kind: 'report', period: '14d' });
    expect(ok('report 3 weeks')).toEqual({ kind: 'report', period: '21d' });
    expect(ok('report all')).toEqual({ kind: 'report', period: 'all' });
    expect(err('report soon').message).toMatch(/"soon" is not a period.*Usage: report \[7d\|4w\|90d\|all\]/);
    expect(err('report 0d').message).toMatch(/is not a period/);
  });

  it('names the wrong argument and shows the usage from the command table', () => {
    expect(err('close R-1 great').message).toMatch(/"great" is not an outcome .*Usage: close R-42/);
    expect(err('status 42x').message).toMatch(/"42x" is not a release id/);
    expect(err('done three')).toMatchObject({ message: expect.stringMatching(/"three" is not a step number/), usage: 'done <step> [R-42]' });
    const unknown = err('dance');
    expect(unknown.message).toMatch(/Unknown command "dance"/);
    expect(unknown.usage).toBeUndefined();
  });

  it('has a usage line for every verb it reads, and every alias leads to its command', () => {
    for (const c of COMMANDS) {
      for (const word of [c.verb, ...(c.aliases ?? [])]) {
        const r = parseCommand(`${word} x`);
        // Either it parses, or it complains with this command's own usage line.
        if (!r.ok) expect(r.usage ?? r.message).toContain(c.usage);
      }
    }
  });
});
