import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { TeamsBotUnderTest, users } from '../teams/teams-harness.js';

const SECRET = 'slack-signing-secret-for-tests';

describe('Slack and Teams in one process', () => {
  const slack = new FakeSlackApi();
  const t = new TeamsBotUnderTest();
  let sender: SlackSender;

  beforeAll(async () => {
    await slack.start();
    await t.start({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url });
    sender = new SlackSender(`http://127.0.0.1:${t.bot.port}/slack/events`, SECRET);
  });
  afterAll(async () => {
    await t.stop();
    await slack.close();
  });

  it('serves both surfaces and the health check on one HTTP server', async () => {
    expect((await fetch(`http://127.0.0.1:${t.bot.port}/healthz`)).status).toBe(200);

    const models = await sender.command({ text: 'models', user: 'U0ALICE', responseUrl: slack.responseUrl() });
    expect(models.status).toBe(200);
    const forged = await sender.command({ text: 'list', user: 'U0ALICE', responseUrl: slack.responseUrl() }, { secret: 'wrong' });
    expect(forged.status).toBe(401);

    const posts = t.connector.posts().length;
    expect((await t.post(t.botAdded(users.alice))).status).toBeLessThan(300);
    expect(t.connector.posts().length).toBe(posts + 1);
  });
});
