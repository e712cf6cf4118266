import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/read-config.js';

describe('readConfig', () => {
  it('gives console defaults from an empty environment', () => {
    const config = readConfig({ TZ: 'UTC' }, '/srv/bot');
    expect(config.dataDir).toBe('/srv/bot/data');
    expect(config.modelsDir).toBe('/srv/bot/models');
    expect(config.port).toBe(3000);
    expect(config.slack).toBeUndefined();
    expect(config.teams).toBeUndefined();
    expect(config.reminders).toEqual({ tickSeconds: 1, maxLatenessMs: 12 * 3_600_000, maxAttempts: 5, retryBaseMs: 10_000, stepEscalateAfterMs: 4 * 3_600_000 });
  });

  it('names every bad variable and what it must be', () => {
    const attempt = () => readConfig({ PORT: 'eighty', TZ: 'Mars/Olympus', REMINDER_MAX_LATENESS: '2 weeks' });
    expect(attempt).toThrowError(/^ {2}PORT: .*number/m);
    expect(attempt).toThrowError(/^ {2}TZ: must be an IANA time zone/m);
    expect(attempt).toThrowError(/^ {2}REMINDER_MAX_LATENESS: must be an offset/m);
  });

  it('turns on Slack only with both token and signing secret', () => {
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrowError(/SLACK_SIGNING_SECRET: must be set/);
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' })).toThrowError(/SLACK_BOT_TOKEN: must be a bot token/);
    const config = readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config.slack).toEqual({ botToken: 'xoxb-1', signingSecret: 's', appToken: undefined, apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it('starts anonymous Teams only when asked, and never in production', () => {
    expect(readConfig({}).teams).toBeUndefined();
    expect(readConfig({ TEAMS_ALLOW_ANONYMOUS: 'true' }).teams).toMatchObject({ anonymous: true, appId: undefined });
    expect(() => readConfig({ TEAMS_ALLOW_ANONYMOUS: 'true', NODE_ENV: 'production' })).toThrowError(/TEAMS_ALLOW_ANONYMOUS: anonymous Teams is refused/);
    const withCreds = readConfig({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't' });
    expect(withCreds.teams).toMatchObject({ anonymous: false, appId: 'id', appType: 'SingleTenant' });
  });

  it('parses per-model failure costs and rejects malformed pairs', () => {
    expect(readConfig({ FAILURE_COST_BY_MODEL: 'major=50000, emergency=20000' }).report.failureCostByModel).toEqual({ major: 50000, emergency: 20000 });
    expect(() => readConfig({ FAILURE_COST_BY_MODEL: 'major' })).toThrowError(/FAILURE_COST_BY_MODEL: "major" is not model=cost/);
  });
});
