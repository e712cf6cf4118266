import { describe, expect, it } from 'vitest';
import { commandText } from '../../adapters/teams/command-text.js';
import { mentionedPerson } from '../../adapters/teams/teams-actor.js';
import { incomingActivitySchema } from '../../adapters/teams/incoming-activity.js';
import { BOT } from './teams-harness.js';

const megan = { id: '29:megan', name: 'Megan Bowen' };
const carol = { id: '29:carol', name: 'Carol Ops' };
const at = (p: { name: string }) => `<at>${p.name}</at>`;

function message(text: string, mentioned: Array<{ id: string; name: string }>) {
  return incomingActivitySchema.parse({
    type: 'message',
    id: '1',
    text,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: { id: '29:alice', name: 'Alice Admin' },
    recipient: BOT,
    conversation: { id: '19:c@thread.tacv2', conversationType: 'channel' },
    entities: mentioned.map((m) => ({ type: 'mention', text: at(m), mentioned: m })),
  });
}

describe('the command a Teams message carries', () => {
  it('people mentioned before the command word are whom the message addresses, not the command', () => {
    expect(commandText(message(`${at(megan)} ${at(BOT)} status`, [megan, BOT]))).toBe('status');
    expect(commandText(message(`<p>${at(megan)}&nbsp;${at(carol)} ${at(BOT)} done 3 R-4</p>`, [megan, carol, BOT]))).toBe('done 3 R-4');
    expect(commandText(message(`${at(BOT)} ${at(megan)} list`, [BOT, megan]))).toBe('list');
  });

  it('a mention after the command word stays, and names the person Teams mentioned (the roster then says who they act as)', async () => {
    const activity = message(`${at(megan)} ${at(BOT)} assign 3 ${at(carol)}`, [megan, BOT, carol]);
    expect(commandText(activity)).toBe('assign 3 Carol Ops');
    expect(mentionedPerson(activity, 'Carol Ops')).toEqual({ id: '29:carol', name: 'Carol Ops' });
    expect(mentionedPerson(activity, '@carol ops')).toEqual({ id: '29:carol', name: 'Carol Ops' });
    // The bot is never the person a command names, and a name nobody mentioned is left to the core.
    expect(mentionedPerson(activity, BOT.name)).toBeUndefined();
    expect(mentionedPerson(activity, 'Dave')).toBeUndefined();
  });

  it('mentions in a row are separate people, and a comma in a display name splits nobody', () => {
    const bowen = { id: '29:bowen', name: 'Bowen, Megan' };
    const activity = message(`${at(BOT)} roles add ops ${at(carol)} ${at(bowen)}&nbsp;${at(megan)}`, [BOT, carol, bowen, megan]);
    expect(commandText(activity)).toBe('roles add ops Carol Ops, Bowen Megan, Megan Bowen');
    expect(mentionedPerson(activity, 'Bowen Megan')).toEqual(bowen);
    // Commas typed between mentions are kept as they are, not doubled.
    expect(commandText(message(`${at(BOT)} roles add ops ${at(carol)}, ${at(megan)}`, [BOT, carol, megan]))).toBe('roles add ops Carol Ops, Megan Bowen');
  });
});
