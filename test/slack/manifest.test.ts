import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/start-slack.js';
import { SLASH_COMMAND } from '../../adapters/slack/listeners/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const schemas = path.resolve(root, '../shared/schemas/slack');
const BASE = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string; should_escape?: boolean }>; app_home: { home_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

async function manifest(): Promise<Manifest> {
  return parse(await readFile(path.join(root, 'manifest/slack.yaml'), 'utf8')) as Manifest;
}

describe('manifest/slack.yaml', () => {
  it.skipIf(!existsSync(schemas))('is valid against the published Slack manifest schema', async () => {
    const read = async (f: string) => JSON.parse(await readFile(path.join(schemas, f), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
    ajv.addSchema(await read('schemas/manifest.schema.1.0.0.json'), `${BASE}/manifest.schema.1.0.0.json`);
    ajv.addSchema(await read('schemas/manifest.schema.2.0.0.json'), `${BASE}/manifest.schema.2.0.0.json`);
    const validate = ajv.compile(await read('manifest.schema.json'));
    const ok = validate(await manifest());
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    // The check can fail: a manifest without its display information is refused.
    expect(validate({ _metadata: { major_version: 1 }, features: {} })).toBe(false);
  });

  it('routes the command, interactivity and events to the endpoint the app serves, with the minimal scopes', async () => {
    const m = await manifest();
    const command = m.features.slash_commands.find((c) => c.command === SLASH_COMMAND);
    expect(command?.url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(command?.should_escape).toBe(true);
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: `https://YOUR-HOST${SLACK_EVENTS_PATH}` });
    expect(m.settings.event_subscriptions.request_url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(['channels:read', 'chat:write', 'chat:write.public', 'commands', 'groups:read', 'im:write', 'users:read']);
  });

  it('has a reason for every bot scope in the README', async () => {
    const docs = await readFile(path.join(root, 'README.md'), 'utf8');
    for (const scope of (await manifest()).oauth_config.scopes.bot) expect(docs).toMatch(new RegExp(`\\| \`${scope.replace('.', '\\.')}\` \\|`));
  });
});
