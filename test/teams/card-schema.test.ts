import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELP_INTRO, helpEntries, TEXT_LIMITS, type ChecklistView, type ReminderMessage } from '../../src/index.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import type { Catalog } from '../../src/models/catalog.js';
import { buildChecklistView } from '../../src/view/build-checklist-view.js';
import type { Release } from '../../src/domain/release-schema.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';
import { PHASES } from '../../src/domain/phases.js';
import { cardBytes, MAX_CARD_BYTES, type AdaptiveCard } from '../../adapters/teams/cards/card-types.js';
import { formCard } from '../../adapters/teams/cards/form-card.js';
import { confirmCard } from '../../adapters/teams/cards/confirm-card.js';
import { helpCard, listCard, modelsCard, reportCard, statusCard, welcomeCard } from '../../adapters/teams/cards/info-cards.js';
import { reminderCard } from '../../adapters/teams/cards/reminder-card.js';
import { checklistLayout, MAX_STEPS_PER_CARD } from '../../adapters/teams/cards/checklist-layout.js';
import { releaseMessages } from '../../adapters/teams/release-messages.js';
import { renderOutcome } from '../../adapters/teams/render-outcome.js';
import { makeRelease } from '../helpers/make-release.js';
import { actionsOf } from './teams-harness.js';

const SCHEMA = path.resolve('../shared/schemas/adaptive-card-1.5.schema.json');
const HAS_SCHEMA = existsSync(SCHEMA);
const require = createRequire(import.meta.url);
const NOW = new Date('2026-03-04T10:00:00Z');
const TZ = 'Europe/Berlin';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(path.resolve('models'));
});

/**
 * The costliest text of its length: backslashes and quotes, which the escaping and JSON both double, so each
 * character is four bytes in Teams' UTF-16 count.
 */
const worst = (n: number) => '\\"'.repeat(n).slice(0, n);

/** The largest step content the model schema allows (ids, titles, help at their caps): the worst case for card size. */
function worstModel(stepCount: number, samePhase: boolean): ReleaseModel {
  return {
    id: 'worst',
    name: worst(60),
    description: worst(1000),
    risk: 'critical',
    deploymentStep: 's-1',
    steps: Array.from({ length: stepCount }, (_, i) => ({
      id: `s-${i + 1}-`.padEnd(64, 'x'),
      title: worst(200),
      phase: samePhase ? 'build' : PHASES[i % PHASES.length]!,
      owner: 'release_manager' as const,
      due: '-1d',
      skippable: true,
      help: worst(500),
    })),
    // The most gates a model may have, each with the longest id and title: every one carries its own buttons.
    gates: Array.from({ length: 10 }, (_, i) => ({ id: `g-${i + 1}-`.padEnd(64, 'x'), title: worst(120), kind: 'approval' as const, role: 'approver' as const })),
    reminders: [],
  };
}

type Mix = 'mixed' | 'open' | 'done' | 'skipped';

/** Every step open (assigned, with help and every button), done, skipped (the longest reason), or a mix of the three. */
function worstRelease(stepCount: number, samePhase: boolean, mix: Mix = 'mixed'): Release {
  const model = worstModel(stepCount, samePhase);
  const person = { id: 'teams:aad-0000', name: worst(TEXT_LIMITS.personName) };
  const states = ['skipped', 'done', 'open'] as const;
  // Gates follow the steps' mix: open ones show both buttons, rejected ones the longest reason and still Approve.
  const gateStates = { mixed: ['rejected', 'approved', 'open'], open: ['open'], done: ['approved'], skipped: ['rejected'] } as const;
  return makeRelease({
    title: worst(150),
    model,
    requester: person,
    releaseManager: person,
    classification: { ...makeRelease().classification, override: { modelId: 'worst', reason: worst(TEXT_LIMITS.reason), by: person, at: '2026-03-04T09:00:00.000Z' } },
    steps: model.steps.map((s, i) => {
      const state = mix === 'mixed' ? states[i % 3]! : mix;
      return {
        stepId: s.id,
        state,
        ...(state !== 'open' ? { by: person, at: '2026-03-04T09:00:00.000Z' } : { assignee: person }),
        ...(state === 'skipped' ? { reason: worst(TEXT_LIMITS.reason) } : {}),
      };
    }),
    gates: (model.gates ?? []).map((g, i) => {
      const state = gateStates[mix][i % gateStates[mix].length]!;
      return { gateId: g.id, state, ...(state !== 'open' ? { by: person, at: '2026-03-04T09:00:00.000Z', note: worst(TEXT_LIMITS.reason) } : {}) };
    }),
  });
}

const openRelease = (model: ReleaseModel) => makeRelease({ model, steps: model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })) });

const REMINDER: ReminderMessage = {
  releaseId: 'R-1', reminderId: 'R-1-exit', kind: 'els_exit_review', title: 'ELS exit review for R-1', text: 'Check the exit criteria.\nThen close it.',
  roles: ['release_manager'], mentions: [{ id: 'teams:aad-1', name: 'Alice' }, { id: 'slack:U1', name: 'Sam' }],
  exitCriteria: ['No P1 open', 'Error rate at baseline'], draft: 'Dear users,\n\ncheckout moves tonight.\nThanks, the team', timing: 'late', dueAt: '2026-03-04T09:00:00Z',
};

/** The open forms a secondary button draws in place, as the core's `form` outcome describes them. */
function formCards(view: ChecklistView): Array<[string, AdaptiveCard]> {
  const step = view.phases.flatMap((p) => p.steps).find((s) => s.actions.includes('skip'));
  const render = (o: Parameters<typeof renderOutcome>[0]) => {
    const reply = renderOutcome(o, { timeZone: TZ, questions: catalog.questions, click: {} });
    if (!('card' in reply)) throw new Error('a form outcome is drawn as a card');
    return reply.card;
  };
  const out: Array<[string, AdaptiveCard]> = [];
  if (step) out.push([`${view.releaseId} skip form`, render({ kind: 'form', form: 'skip', view, step, askEls: false })]);
  for (const form of view.releaseActions.filter((a) => a !== 'deploy')) out.push([`${view.releaseId} ${form} form`, render({ kind: 'form', form, view, askEls: view.status === 'els' })]);
  // A gate's Reject… drawn again after a refusal, with the refusal and the reason as typed (a crafted one over the cap).
  const gate = view.gates.find((g) => g.actions.includes('reject'));
  if (gate) {
    const reply = renderOutcome({ kind: 'form', form: 'reject', view, gate, askEls: false }, { timeZone: TZ, questions: catalog.questions, click: {}, refusal: worst(1000), typed: { values: {}, reason: worst(5000) } });
    if (!('card' in reply)) throw new Error('a form outcome is drawn as a card');
    out.push([`${view.releaseId} reject form`, reply.card]);
  }
  return out;
}

/** A deployment planned inside a freeze window, its name and the reason at their longest. */
const FREEZE = { windowName: worst(120), until: '2026-03-06T00:00:00.000Z', exempt: ['emergency', 'minor'], timeZone: TZ };

/** Every card the bot draws, in its largest and most varied forms. */
function everyCard(): Array<[string, AdaptiveCard]> {
  const q = catalog.questions;
  const values = { title: 'X', deployAt__date: '2026-03-05', deployAt__time: '14:30', urgency: 'planned', userFacing: 'true' };
  const errors = Object.fromEntries(q.map((x) => [x.id, `Bad ${x.label}`]));
  const result = { modelId: 'minor', modelName: 'Minor release', explanation: 'Minor, because nothing says otherwise', ruleIndex: -1 };
  const cards: Array<[string, AdaptiveCard]> = [
    ['empty form', formCard(q)],
    ['form with errors', formCard(q, values, { ...errors, other: 'Something else' }, TZ)],
    ['confirm', confirmCard(q, values, result, catalog.models)],
    ['confirm with error', confirmCard(q, values, result, catalog.models, { chosenModelId: 'major', error: 'Say why' })],
    ['confirm in a freeze', confirmCard(q, values, result, catalog.models, { freeze: FREEZE })],
    ['confirm in a freeze, refused', confirmCard(q, values, result, catalog.models, { freeze: FREEZE, freezeReason: worst(5000), error: worst(1000), errorField: 'freeze' })],
    ['help', helpCard({ entries: helpEntries({ console: false }), intro: HELP_INTRO, note: 'Unknown command "x".' })],
    ['welcome personal', welcomeCard(true)],
    ['welcome team', welcomeCard(false)],
    ['empty list', listCard([], TZ)],
    ['models', modelsCard(catalog.models)],
    ['report', reportCard({ period: '30d', periodLabel: 'last 30 days', from: '2026-02-01T00:00:00Z', to: '2026-03-03T00:00:00Z', keyFigures: [{ label: 'Change failure rate', value: '12% (3/25)' }], byModel: [{ modelId: 'major', modelName: 'Major', line: 'Major: 4 deployed' }], insights: ['Skipped rollback rehearsals preceded 2 of 3 failures'] }, TZ)],
    ['reminder', reminderCard(REMINDER, TZ)],
  ];
  const views = catalog.models.map((model, i) => buildChecklistView(makeRelease({ id: `R-${i + 1}`, model, steps: model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })) }), NOW, TZ));
  cards.push(['list', listCard(views, TZ)]);
  for (const model of catalog.models) {
    const open = openRelease(model);
    const closed = { ...open, status: 'closed' as const, deployedAt: '2026-03-05T14:00:00.000Z', outcome: { result: 'success' as const, incidents: [], closedBy: open.requester, closedAt: '2026-03-06T14:00:00.000Z' } };
    const deployed = { ...open, deployedAt: '2026-03-05T14:00:00.000Z' };
    for (const r of [open, { ...deployed, status: 'deployed' as const }, { ...deployed, status: 'els' as const }, closed]) {
      const view = buildChecklistView(r, NOW, TZ);
      for (const m of releaseMessages(view, TZ)) cards.push([`${model.id} ${r.status} ${m.key}`, m.card]);
      cards.push([`${model.id} ${r.status} status`, statusCard(view, TZ)], ...formCards(view));
    }
  }
  for (const samePhase of [false, true]) {
    for (const mix of ['mixed', 'open', 'done', 'skipped'] as const) {
      const view = buildChecklistView(worstRelease(100, samePhase, mix), NOW, TZ);
      const name = `worst ${samePhase ? 'one phase' : 'all phases'} ${mix}`;
      for (const m of releaseMessages(view, TZ)) cards.push([`${name} ${m.key}`, m.card]);
      cards.push([`${name} status`, statusCard(view, TZ)], [`${name} list`, listCard(Array.from({ length: 200 }, () => view), TZ)], ...formCards(view));
    }
  }
  return cards;
}

/** Buttons a person sees without opening a menu: overflow ("secondary") actions and fallbacks do not count. */
const visibleButtons = (card: AdaptiveCard) => actionsOf({ body: card.body, actions: card.actions }).filter((a) => a['mode'] !== 'secondary');

describe('every Teams card is Adaptive Card 1.5 and under 40 KB as Teams counts it (UTF-16)', () => {
  it('every card, in its largest forms', () => {
    const sizes = everyCard().map(([name, card]) => {
      expect(card.version, name).toBe('1.5');
      expect(cardBytes(card), `${name} size`).toBeLessThan(MAX_CARD_BYTES);
      return [name, cardBytes(card)] as const;
    });
    // The worst case really is near the budget: a step more per checklist card would not fit.
    expect(Math.max(...sizes.map(([, bytes]) => bytes))).toBeGreaterThan(MAX_CARD_BYTES * (MAX_STEPS_PER_CARD / (MAX_STEPS_PER_CARD + 1)));
  });

  it('no text uses the Warning colour, which is 1.5:1 on the light theme', () => {
    for (const [name, card] of everyCard()) expect(JSON.stringify(card), name).not.toMatch(/"color":"Warning"/);
    const late = JSON.stringify(reminderCard(REMINDER, TZ));
    expect(late).toMatch(/"text":"⚠ Sent late[^"]*","wrap":true,"weight":"Bolder"/);
  });

  it('a draft announcement keeps its lines: each becomes a paragraph, as TextBlock joins single line breaks', () => {
    const texts = JSON.stringify(reminderCard(REMINDER, TZ));
    expect(texts).toContain('Dear users,\\n\\ncheckout moves tonight.\\n\\nThanks, the team');
    expect(texts).toContain('Check the exit criteria.\\n\\nThen close it.');
  });

  it('a long checklist shows one button per open step (the rest in the overflow menu); the summary one primary action', () => {
    const major = catalog.models.find((m) => m.id === 'major')!;
    const view = buildChecklistView(openRelease(major), NOW, TZ);
    const messages = releaseMessages(view, TZ);
    for (const m of messages.slice(1)) {
      const openSteps = m.stepNumbers.length;
      expect(visibleButtons(m.card).length, m.key).toBeLessThanOrEqual(openSteps);
      // "Skip…" no longer carries a reason field per step: it draws one when asked.
      expect(JSON.stringify(m.card), m.key).not.toContain('Input.Text');
    }
    for (const r of [openRelease(major), { ...openRelease(major), status: 'els' as const, deployedAt: '2026-03-05T14:00:00.000Z' }]) {
      const summary = releaseMessages(buildChecklistView(r, NOW, TZ), TZ)[0]!.card;
      expect(summary.actions?.filter((a) => a['mode'] !== 'secondary'), r.status).toHaveLength(1);
    }
  });

  it('each gate the person may still decide has Approve and Reject… under its name, a row that fits a phone', () => {
    const major = catalog.models.find((m) => m.id === 'major')!;
    const release = openRelease(major);
    const rejected = { ...release, gates: [{ gateId: 'go', state: 'rejected' as const, by: release.releaseManager, at: '2026-03-04T09:00:00.000Z', note: 'no *rehearsal* <yet>' }] };
    const summary = releaseMessages(buildChecklistView(rejected, NOW, TZ), TZ)[0]!.card;
    const sets = summary.body.flatMap((b) => ((b['items'] as Array<Record<string, unknown>> | undefined) ?? [])).filter((i) => i['type'] === 'ActionSet');
    expect(sets.map((set) => (set['actions'] as Array<{ title: string }>).map((a) => a.title))).toEqual([['Approve', 'Reject…'], ['Approve']]);
    // The reason someone typed is text, not markdown.
    expect(JSON.stringify(summary)).toContain('rejected by rita: “no \\\\*rehearsal\\\\* \\\\<\u2060yet\\\\>”');
    // Deployed: the decisions stay, their buttons go.
    const deployed = releaseMessages(buildChecklistView({ ...rejected, deployedAt: '2026-03-05T14:00:00.000Z', status: 'deployed' }, NOW, TZ), TZ)[0]!.card;
    expect(JSON.stringify(deployed)).toContain('Go/no-go decision** · rejected by rita');
    expect(actionsOf(deployed.body)).toEqual([]);
  });

  it('the Close… form asks for the ELS result, required while the release is in early life support', () => {
    const model = catalog.models[0]!;
    const open = makeRelease({ model, steps: model.steps.map((st) => ({ stepId: st.id, state: 'open' as const })), deployedAt: '2026-03-05T14:00:00.000Z' });
    const inputs = (status: 'els' | 'deployed') => {
      const summary = releaseMessages(buildChecklistView({ ...open, status }, NOW, TZ), TZ)[0]!.card;
      const close = summary.actions?.find((a) => a.title === 'Close…') as { card: { body: Array<Record<string, unknown>> } } | undefined;
      return new Map(close?.card.body.map((i) => [i['id'], i]));
    };
    const els = inputs('els');
    expect(els.get('rb_els_incidents')).toMatchObject({ type: 'Input.Number', min: 0, isRequired: true, label: 'Incidents during early life support' });
    expect(els.get('rb_els_exit')).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, choices: [{ title: 'Met', value: 'met' }, { title: 'Not met', value: 'unmet' }] });
    const plain = inputs('deployed');
    expect(plain.get('rb_els_incidents')).toMatchObject({ isRequired: false, label: 'Incidents during early life support (optional)' });
    expect(plain.get('rb_els_exit')).toMatchObject({ isRequired: false });
  });

  it('the largest checklists the model schema allows are split by phase, every step on exactly one card', () => {
    for (const samePhase of [false, true]) {
      const messages = releaseMessages(buildChecklistView(worstRelease(100, samePhase), NOW, TZ), TZ);
      expect(messages.length).toBeGreaterThan(2);
      const shown = messages.flatMap((m) => m.stepNumbers).sort((a, b) => a - b);
      expect(shown).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    }
  });

  it('the layout depends on the model only, so stored message ids stay valid as steps change', () => {
    const r = worstRelease(60, false);
    const openAll = { ...r, steps: r.steps.map((s) => ({ stepId: s.stepId, state: 'open' as const })) };
    const keys = (x: Release) => checklistLayout(buildChecklistView(x, NOW, TZ)).map((p) => p.key);
    expect(keys(r)).toEqual(keys(openAll));
    expect(new Set(keys(r)).size).toBe(keys(r).length);
  });

  it('reminders mention the people Teams knows and name the others', () => {
    const card = reminderCard(REMINDER, TZ);
    expect(card.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Alice</at>', mentioned: { id: 'aad-1', name: 'Alice' } }]);
    expect(JSON.stringify(card)).toContain('No P1 open');
    expect(JSON.stringify(card)).toContain('Draft announcement');
  });
});

// Skipped, and reported as skipped, when ../shared/schemas is not checked out: it can never pass without validating.
describe.skipIf(!HAS_SCHEMA)('every Teams card validates against the published Adaptive Card 1.5 schema', () => {
  type Validate = ((data: unknown) => boolean) & { errors?: unknown };
  let validate: Validate;
  beforeAll(() => {
    const { id, ...rest } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { id: string } & Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
    validate = ajv.compile({ $id: id, ...rest }) as Validate;
  });

  it('the validator can say no, or the check below would prove nothing', () => {
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', color: 'Purple' }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', actions: [{ type: 'Action.Execute', title: 'x', mode: 'tertiary' }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Toggle', id: 'a', title: 'x', value: 'true' }] })).toBe(true);
  });

  it('every card the bot draws (Teams\' own `msteams` property stripped, as the schema does not know it)', () => {
    for (const [name, card] of everyCard()) {
      const { msteams: _ignored, ...rest } = card;
      const ok = validate(JSON.parse(JSON.stringify(rest)));
      expect(ok ? [] : validate.errors, name).toEqual([]);
    }
  });
});
