import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
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
import { checklistLayout } from '../../adapters/teams/cards/checklist-layout.js';
import { releaseMessages } from '../../adapters/teams/release-messages.js';
import { makeRelease } from '../helpers/make-release.js';

const SCHEMA = path.resolve('../shared/schemas/adaptive-card-1.5.schema.json');
const require = createRequire(import.meta.url);
const NOW = new Date('2026-03-04T10:00:00Z');
const TZ = 'Europe/Berlin';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Validate | undefined;
let catalog: Catalog;

beforeAll(async () => {
  catalog = await loadCatalog(path.resolve('models'));
  if (!existsSync(SCHEMA)) return;
  const { id, ...rest } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { id: string } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  validate = ajv.compile({ $id: id, ...rest }) as Validate;
});

/** Teams' own `msteams` property is not in the published schema; it is stripped before validating, as documented. */
function expectValidCard(card: AdaptiveCard, name: string): void {
  expect(card.version, name).toBe('1.5');
  expect(cardBytes(card), `${name} size`).toBeLessThan(MAX_CARD_BYTES);
  if (!validate) return;
  const { msteams: _ignored, ...rest } = card;
  const ok = validate(JSON.parse(JSON.stringify(rest)));
  expect(ok ? [] : validate.errors, name).toEqual([]);
}

const long = (n: number, word = 'lorem') => Array.from({ length: n }, () => word).join(' ').slice(0, n);

/** The largest step content the model schema allows, in one phase: the worst case for card size. */
function worstModel(stepCount: number, samePhase: boolean): ReleaseModel {
  return {
    id: 'worst',
    name: long(60, 'Name'),
    description: long(1000),
    risk: 'critical',
    deploymentStep: 's-1',
    steps: Array.from({ length: stepCount }, (_, i) => ({
      id: `s-${i + 1}`,
      title: long(200, `Tïtle<${i}>*_`),
      phase: samePhase ? 'build' : PHASES[i % PHASES.length]!,
      owner: 'release_manager' as const,
      due: '-1d',
      skippable: true,
      help: long(500, 'help'),
    })),
    reminders: [],
  };
}

function worstRelease(stepCount: number, samePhase: boolean): Release {
  const model = worstModel(stepCount, samePhase);
  const person = { id: 'teams:aad-0000', name: long(120, 'Person') };
  return makeRelease({
    title: long(150, 'Title'),
    model,
    steps: model.steps.map((s, i) => ({
      stepId: s.id,
      // Open steps carry the most buttons; skipped ones the longest text.
      state: i % 3 === 0 ? ('skipped' as const) : i % 3 === 1 ? ('done' as const) : ('open' as const),
      ...(i % 3 !== 2 ? { by: person, at: '2026-03-04T09:00:00.000Z' } : { assignee: person }),
      ...(i % 3 === 0 ? { reason: long(2000, 'reason') } : {}),
    })),
  });
}

describe('every Teams card is Adaptive Card 1.5 and under 80 KB', () => {
  it('uses the published schema, and the schema rejects a broken card (schema checks skipped when ../shared is absent)', () => {
    if (!validate) {
      console.warn(`No ${SCHEMA}: cards are checked for version and size only`);
      return;
    }
    // The validator must be able to say no, or the checks below prove nothing.
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', color: 'Purple' }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Toggle', id: 'a', title: 'x', value: 'true' }] })).toBe(true);
  });

  it('the form, empty, filled and with errors; the model confirmation with and without an error', () => {
    const q = catalog.questions;
    expectValidCard(formCard(q), 'empty form');
    const values = { title: 'X', deployAt__date: '2026-03-05', deployAt__time: '14:30', urgency: 'planned', userFacing: 'true' };
    const errors = Object.fromEntries(q.map((x) => [x.id, `Bad ${x.label}`]));
    expectValidCard(formCard(q, values, { ...errors, other: 'Something else' }, TZ), 'form with errors');
    const result = { modelId: 'minor', modelName: 'Minor release', explanation: 'Minor, because nothing says otherwise', ruleIndex: -1 };
    expectValidCard(confirmCard(q, values, result, catalog.models), 'confirm');
    expectValidCard(confirmCard(q, values, result, catalog.models, { chosenModelId: 'major', error: 'Say why' }), 'confirm with error');
  });

  it('summary and checklist cards for every default model, open and closed', () => {
    for (const model of catalog.models) {
      const open = makeRelease({ model, steps: model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })) });
      const closed = { ...open, status: 'closed' as const, deployedAt: '2026-03-05T14:00:00.000Z', outcome: { result: 'success' as const, incidents: [], closedBy: open.requester, closedAt: '2026-03-06T14:00:00.000Z' } };
      const deployed = { ...open, deployedAt: '2026-03-05T14:00:00.000Z' };
      for (const r of [open, { ...deployed, status: 'deployed' as const }, { ...deployed, status: 'els' as const }, closed]) {
        const view = buildChecklistView(r, NOW, TZ);
        for (const m of releaseMessages(view, TZ)) expectValidCard(m.card, `${model.id} ${r.status} ${m.key}`);
        expectValidCard(statusCard(view, TZ), `${model.id} status`);
      }
      const closedView = buildChecklistView(closed, NOW, TZ);
      expect(JSON.stringify(releaseMessages(closedView, TZ))).not.toContain('Action.Execute');
    }
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

  it('the largest checklists the model schema allows are split by phase and every part stays under 80 KB', () => {
    for (const samePhase of [false, true]) {
      const view = buildChecklistView(worstRelease(100, samePhase), NOW, TZ);
      const messages = releaseMessages(view, TZ);
      expect(messages.length).toBeGreaterThan(2);
      for (const m of messages) expectValidCard(m.card, `worst ${samePhase ? 'one phase' : 'all phases'} ${m.key}`);
      // Every step appears on exactly one card.
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

  it('help, welcome, list, models, report and reminder cards', () => {
    expectValidCard(helpCard('I did not understand "x"'), 'help');
    expectValidCard(welcomeCard(true), 'welcome personal');
    expectValidCard(welcomeCard(false), 'welcome team');
    const views = catalog.models.map((model, i) => buildChecklistView(makeRelease({ id: `R-${i + 1}`, model, steps: model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })) }), NOW, TZ));
    expectValidCard(listCard(views, TZ), 'list');
    expectValidCard(listCard([], TZ), 'empty list');
    expectValidCard(modelsCard(catalog.models), 'models');
    expectValidCard(reportCard({ period: '30d', from: '2026-02-01T00:00:00Z', to: '2026-03-03T00:00:00Z', keyFigures: [{ label: 'Change failure rate', value: '12% (3/25)' }], byModel: [{ modelId: 'major', modelName: 'Major', line: 'Major: 4 deployed' }], insights: ['Skipped rollback rehearsals preceded 2 of 3 failures'] }, TZ), 'report');
    const reminder = {
      releaseId: 'R-1', reminderId: 'R-1-exit', kind: 'els_exit_review' as const, title: 'ELS exit review for R-1', text: 'Check the exit criteria.',
      roles: ['release_manager' as const], mentions: [{ id: 'teams:aad-1', name: 'Alice' }, { id: 'slack:U1', name: 'Sam' }],
      exitCriteria: ['No P1 open', 'Error rate at baseline'], draft: 'Dear users, …', timing: 'late' as const, dueAt: '2026-03-04T09:00:00Z',
    };
    const card = reminderCard(reminder, TZ);
    expectValidCard(card, 'reminder');
    expect(card.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Alice</at>', mentioned: { id: 'aad-1', name: 'Alice' } }]);
    expect(JSON.stringify(card)).toContain('No P1 open');
    expect(JSON.stringify(card)).toContain('Draft announcement');
  });
});
