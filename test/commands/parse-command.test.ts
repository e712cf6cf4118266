import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.js';

const ok = (line: string) => {
  const r = parseCommand(line);
  if (!r.ok) throw new Error(r.message);
  return r.command;
};
const err = (line: string) => {
  const r = parseCommand(line);
  if (r.ok) throw new Error(`expected an error for ${line}`);
  return r.message;
};

describe('parseCommand', () => {
  it('reads every command of the help', () => {
    expect(ok('/release')).toEqual({ kind: 'start' });
    expect(ok('/release new Checkout v2')).toEqual({ kind: 'start', title: 'Checkout v2' });
    expect(ok('list')).toEqual({ kind: 'list' });
    expect(ok('status r42')).toEqual({ kind: 'status', releaseId: 'R-42' });
    expect(ok('close R-1 rolled-back INC-9')).toEqual({ kind: 'close', releaseId: 'R-1', outcome: 'rolled_back', incidents: ['INC-9'] });
    expect(ok('close R-2 success els:0 exit:met')).toEqual({ kind: 'close', releaseId: 'R-2', outcome: 'success', incidents: [], els: { incidents: 0, exitCriteriaMet: true } });
    expect(ok('close R-2 hotfix INC-1 INC-2 exit:unmet')).toMatchObject({ incidents: ['INC-1', 'INC-2'], els: { incidents: 2, exitCriteriaMet: false } });
    expect(ok('cancel R-3 superseded by R-4')).toEqual({ kind: 'cancel', releaseId: 'R-3', reason: 'superseded by R-4' });
    expect(ok('done 3')).toEqual({ kind: 'step', action: 'complete', step: 3 });
    expect(ok('undo 3 R-2')).toEqual({ kind: 'step', action: 'undo', step: 3, releaseId: 'R-2' });
    expect(ok('skip 4 not needed for this release')).toEqual({ kind: 'step', action: 'skip', step: 4, reason: 'not needed for this release' });
    expect(ok('assign 5 @alice')).toEqual({ kind: 'step', action: 'assign', step: 5, assignee: 'alice' });
    expect(ok('report 90d')).toEqual({ kind: 'report', period: '90d' });
    expect(ok('reschedule R-1 2026-12-01 14:00')).toEqual({ kind: 'reschedule', releaseId: 'R-1', when: '2026-12-01 14:00' });
    expect(ok('/as bob')).toEqual({ kind: 'as', name: 'bob' });
  });

  it('names the wrong argument and shows the usage', () => {
    expect(err('close R-1 great')).toMatch(/"great" is not an outcome .*Usage: close R-42/);
    expect(err('close R-1 success els:2')).toMatch(/also say whether the ELS exit criteria were met/);
    expect(err('close R-1 success exit:maybe')).toMatch(/"exit:maybe" must be exit:met or exit:unmet/);
    expect(err('status 42x')).toMatch(/"42x" is not a release id/);
    expect(err('done three')).toMatch(/"three" is not a step number/);
    expect(err('skip 4')).toMatch(/a skip needs a reason/);
    expect(err('dance')).toMatch(/Unknown command "dance"/);
  });
});
