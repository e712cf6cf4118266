import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, startRelease, type Harness } from './slack-harness.js';
import { recordedProblems } from './assert-block-kit.js';

/*
 * The daily digest over Slack's Web API: the bot opens each person's DM (conversations.open) and posts their steps
 * there. DIGEST_AT 00:00 has always passed, so a release with overdue steps brings its release manager's digest
 * at the next tick; a person who typed "/release digest off" gets none.
 */
describe('Slack: the daily digest in a DM', () => {
  let h: Harness;
  let releaseId: string;
  const now = () => Math.floor(Date.now() / 1000);

  async function command(text: string, user: string): Promise<string> {
    const tag = `cmd-${Math.random().toString(36).slice(2)}`;
    await h.slack.command({ text, user, responseUrl: h.fake.responseUrl(tag) });
    const reply = await h.fake.waitFor(() => h.fake.responses.find((r) => r.path.includes(tag)), `the answer to ${text}`);
    return JSON.stringify(reply.body);
  }

  beforeAll(async () => {
    h = await startHarness({ DIGEST_AT: '00:00' });
    // Bob turns his off before anything is due for him.
    expect(await command('digest off', 'UBOB')).toContain('Your daily digest is off.');
    // Planned in two hours: the Minor model's steps due days ahead are overdue at once; alice manages it.
    ({ releaseId } = await startRelease(h, { user: 'UALICE', title: 'Search <!channel> v3', deployAt: now() + 7200 }));
    expect(await command(`assign 3 ${releaseId} <@UBOB|bob>`, 'UALICE')).toContain('assigned to');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('posts the release manager her overdue steps in her DM, escaped, once', async () => {
    const open = await h.fake.waitFor(() => h.fake.callsTo('conversations.open').find((c) => c.body.users === 'UALICE'), 'the DM opened for alice');
    expect(open.body).toEqual({ users: 'UALICE' });
    const dm = await h.fake.waitFor(() => h.fake.posted('DUALICE')[0], 'the digest in alice’s DM');
    const blocks = JSON.stringify(dm.blocks);
    expect(dm.text).toMatch(/^Your release steps: \d+ overdue/);
    expect(blocks).toContain(`*${releaseId} Search &lt;!channel&gt; v3*`);
    expect(blocks).toContain(':warning: overdue since');
    expect(blocks).toContain('`/release digest off` stops it.');
    expect(blocks).not.toContain('<!channel>');
    // Once a day: later ticks post nothing more.
    await new Promise((r) => setTimeout(r, 400));
    expect(h.fake.posted('DUALICE')).toHaveLength(1);
    expect(h.fake.callsTo('conversations.open').filter((c) => c.body.users === 'UALICE')).toHaveLength(1);
  });

  it('sends none to someone who turned it off, and shows theirs when they ask', async () => {
    expect(h.fake.callsTo('conversations.open').some((c) => c.body.users === 'UBOB')).toBe(false);
    const asked = await command('digest', 'UBOB');
    expect(asked).toContain('Daily digest: off');
    expect(asked).toContain(`*${releaseId} Search &lt;!channel&gt; v3*`);
    expect(asked).toContain('assigned to you');
    expect(recordedProblems(h.fake.calls, h.fake.responses)).toEqual([]);
  });
});
