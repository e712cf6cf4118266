import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig, silentLogger, startCore, phraseText, type Core, type Origin, type Outcome } from '../../src/index.js';

let dir: string;
let core: Core | undefined;
const open = async () => (core = await startCore(readConfig({ DATA_DIR: path.join(dir, 'data'), MODELS_DIR: path.resolve('models'), TZ: 'UTC' }), { clock: { now: () => new Date('2026-11-27T10:00:00Z') }, logger: silentLogger }));
const at = (name: string, channelId = 'C1'): Origin => ({ actor: { id: `slack:U${name.toUpperCase()}`, name }, place: { surface: 'slack', workspaceId: 'T1', channelId }, identify: async (typed) => (/^<@U([A-Z]+)>$/.test(typed) ? { id: `slack:U${/^<@U([A-Z]+)>$/.exec(typed)![1]}`, name: typed.slice(3, -1).toLowerCase() } : undefined) });
const lines = (o: Outcome) => (o.kind === 'notice' ? o.lines.map(phraseText) : [`not a notice: ${JSON.stringify(o).slice(0, 200)}`]);

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roles-'));
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

describe('roles per place', () => {
  it('keeps roles per channel across a restart, with every change audited, and refuses a corrupt roles file', async () => {
    await open();
    expect(lines(await core!.dispatcher.dispatchText('roles add approver <@UCAROL>, <@UDAVE>', at('alice')))).toContain('Approver: carol, dave');
    expect(lines(await core!.dispatcher.dispatchText('roles', at('bob', 'C2')))).toContain('Approver: nobody');
    expect(lines(await core!.dispatcher.dispatchText('roles remove approver <@UDAVE>', at('bob')))[0]).toBe('Approver: removed dave (by bob).');
    await core!.close();
    core = undefined;
    const file = JSON.parse(await fs.readFile(path.join(dir, 'data', 'places.json'), 'utf8')) as { places: Record<string, { roles: Record<string, unknown[]>; audit: Array<{ action: string; actor: { name: string } }> }> };
    expect(file.places['slack:T1:C1']?.audit.map((a) => `${a.actor.name} ${a.action}`)).toEqual(['alice role_add', 'alice role_add', 'bob role_remove']);
    await open();
    expect(lines(await core!.dispatcher.dispatchText('roles', at('erin')))).toContain('Approver: carol');
    await core!.close();
    core = undefined;
    await fs.writeFile(path.join(dir, 'data', 'places.json'), '{"schemaVersion":1,"places":{"x":{"roles":{"boss":[]}}}}');
    await expect(open()).rejects.toThrow(/places\.json is not valid/);
  });

  it('lets only release managers change the roles once there is one, and refuses an unknown role or person', async () => {
    await open();
    expect(lines(await core!.dispatcher.dispatchText('roles add release_manager <@UALICE>', at('bob')))).toContain('Release manager: alice');
    expect(await core!.dispatcher.dispatchText('roles add approver <@UBOB>', at('bob'))).toMatchObject({ kind: 'refused', message: 'Only the release managers here (alice) can change the roles.' });
    expect(await core!.dispatcher.dispatchText('roles add boss <@UBOB>', at('alice'))).toMatchObject({ kind: 'refused', field: 'role' });
    expect(await core!.dispatcher.dispatchText('roles add approver zed', at('alice'))).toMatchObject({ kind: 'refused', field: 'person' });
  });
});
