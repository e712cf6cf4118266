import { describe, expect, it } from 'vitest';
import { makeModel, makeRelease } from '../helpers/make-release.js';
import { buildChecklistView } from '../../src/view/build-checklist-view.js';
import type { Release } from '../../src/domain/release-schema.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';
import type { Question } from '../../src/models/questions-schema.js';
import { HELP_INTRO, helpEntries } from '../../src/index.js';
import { chunkChecklist } from '../../adapters/slack/render/checklist-chunks.js';
import { renderPhaseMessage } from '../../adapters/slack/render/phase-message.js';
import { renderSummaryMessage } from '../../adapters/slack/render/summary-message.js';
import { renderStatusMessage } from '../../adapters/slack/render/status-message.js';
import { renderHomeView } from '../../adapters/slack/render/home-view.js';
import { renderListMessage, renderModelsMessage } from '../../adapters/slack/render/list-message.js';
import { renderReminderMessage } from '../../adapters/slack/render/reminder-message.js';
import { renderHelpMessage } from '../../adapters/slack/render/help-message.js';
import { renderQuestionModal } from '../../adapters/slack/render/question-modal.js';
import { renderModelModal } from '../../adapters/slack/render/model-modal.js';
import { renderAssignModal, renderSkipModal } from '../../adapters/slack/render/step-modals.js';
import { renderReportMessage } from '../../adapters/slack/render/report-message.js';
import { renderCancelModal, renderCloseModal, renderRescheduleModal } from '../../adapters/slack/render/release-modals.js';
import { messageProblems, textLength, viewProblems } from './assert-block-kit.js';

const TZ = 'Europe/Berlin';
const NOW = new Date('2026-03-04T10:00:00Z');
const long = (n: number, word = 'Verify <the> rollback & runbook for service') => (word + ' ').repeat(Math.ceil(n / (word.length + 1))).slice(0, n);

/** 40 steps with 200-character titles and 500-character help, packed into as few phases as the worst case allows. */
function bigModel(phases: 'one' | 'spread'): ReleaseModel {
  const base = makeModel(40);
  return {
    ...base,
    name: long(60, 'Very long model name'),
    description: long(1000),
    steps: base.steps.map((s, i) => ({ ...s, title: long(200, `Step ${i + 1} ${long(20)}`), help: long(500), ...(phases === 'one' ? { phase: 'deployment' as const } : {}) })),
  };
}

function busyRelease(model: ReleaseModel): Release {
  const r = makeRelease({ model, title: long(150), location: { surface: 'slack', channelId: 'C1', messageIds: {} } });
  const who = (i: number) => ({ id: `slack:U${String(i).padStart(8, '0')}`, name: long(80, 'Name') });
  return {
    ...r,
    classification: { ...r.classification, explanation: long(1500), override: { modelId: model.id, reason: long(500), by: who(99), at: NOW.toISOString() } },
    steps: r.steps.map((s, i) =>
      i % 3 === 0 ? { ...s, state: 'done' as const, by: who(i), at: NOW.toISOString() }
      : i % 3 === 1 ? { ...s, state: 'skipped' as const, by: who(i), at: NOW.toISOString(), reason: long(500) }
      : { ...s, assignee: who(i) }),
  };
}

describe('Block Kit limits with a 40-step model and long titles', () => {
  for (const layout of ['one', 'spread'] as const) {
    it(`keeps every thread message within limits (${layout === 'one' ? 'all steps in one phase' : 'steps across phases'})`, () => {
      const view = buildChecklistView(busyRelease(bigModel(layout)), NOW, TZ);
      const chunks = chunkChecklist(view);
      expect(chunks.flatMap((c) => c.steps.map((s) => s.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const chunk of chunks) expect(messageProblems(renderPhaseMessage(view, chunk, TZ), chunk.key)).toEqual([]);
      if (layout === 'one') expect(chunks.map((c) => c.key)).toEqual(['phase:deployment', 'phase:deployment:2']);
    });
  }

  it('keeps the summary, status, list, home and reminder within limits', () => {
    const release = busyRelease(bigModel('one'));
    const view = buildChecklistView(release, NOW, TZ);
    const open = buildChecklistView({ ...release, steps: release.steps.map((s) => ({ stepId: s.stepId, state: 'open' as const })) }, NOW, TZ);
    expect(messageProblems(renderSummaryMessage(view, TZ), 'summary')).toEqual([]);
    expect(messageProblems(renderStatusMessage(open, TZ), 'status')).toEqual([]);
    expect(messageProblems(renderListMessage(Array.from({ length: 60 }, () => view), TZ), 'list')).toEqual([]);
    const mine = Array.from({ length: 5 }, () => ({ release, view: open, stepNumbers: open.phases.flatMap((p) => p.steps.map((s) => s.number)) }));
    const home = renderHomeView({ mine, active: Array.from({ length: 80 }, () => view), notice: long(4000) }, TZ);
    expect(viewProblems(home as never, 'home')).toEqual([]);
    const reminder = renderReminderMessage(
      { releaseId: 'R-1', reminderId: 'x', kind: 'els_exit_review', title: long(300), text: long(1000), roles: ['comms'], mentions: Array.from({ length: 30 }, (_, i) => ({ id: `slack:U${i}`, name: 'n' })), draft: long(2000), exitCriteria: Array.from({ length: 30 }, () => long(300)), timing: 'late', dueAt: NOW.toISOString() },
      TZ,
    );
    expect(messageProblems(reminder, 'reminder')).toEqual([]);
  });

  it('keeps modals within limits, including 20 questions and many models', () => {
    const questions: Question[] = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 0 ? { id: `q${i}`, type: 'choice', label: long(150), help: long(300), required: true, options: Array.from({ length: 25 }, (_, j) => ({ value: `v${j}`, label: long(75) })) }
      : i % 4 === 1 ? { id: `q${i}`, type: 'text', label: long(150), required: false, maxLength: 3000 }
      : i % 4 === 2 ? { id: `q${i}`, type: 'boolean', label: long(150), required: true }
      : { id: `q${i}`, type: 'datetime', label: long(150), required: true });
    const errors = Object.fromEntries(questions.map((q) => [q.id, long(3000)]));
    expect(viewProblems(renderQuestionModal(questions, JSON.stringify({ channelId: 'C1' }), { q1: long(500) }, errors) as never)).toEqual([]);
    const models = Array.from({ length: 120 }, (_, i) => ({ ...bigModel('spread'), id: `m${i}` }));
    const classification = { modelId: 'm3', modelName: long(60), explanation: long(3000), ruleIndex: 0 };
    expect(viewProblems(renderModelModal(classification, models, '{}', long(150)) as never)).toEqual([]);
    expect(messageProblems(renderModelsMessage(models))).toEqual([]);
    const step = buildChecklistView(busyRelease(bigModel('one')), NOW, TZ).phases[0]!.steps[39]!;
    expect(viewProblems(renderSkipModal('R-99999', step, '{}') as never)).toEqual([]);
    expect(viewProblems(renderAssignModal('R-99999', step, '{}') as never)).toEqual([]);
  });

  it('keeps the release buttons and the reschedule, cancel and close modals within limits', () => {
    const release = busyRelease(bigModel('spread'));
    const before = buildChecklistView({ ...release, id: 'R-999999' }, NOW, TZ);
    const inEls = buildChecklistView({ ...release, id: 'R-999999', status: 'els', deployedAt: NOW.toISOString() }, NOW, TZ);
    const summary = renderSummaryMessage(before, TZ);
    expect(JSON.stringify(summary.blocks)).toContain('"confirm"');
    expect(messageProblems(summary, 'summary before deployment')).toEqual([]);
    expect(messageProblems(renderSummaryMessage(inEls, TZ), 'summary in ELS')).toEqual([]);
    const metadata = JSON.stringify({ releaseId: 'R-999999', channelId: 'C1', threadTs: '1700000000.000100', els: true });
    expect(viewProblems(renderRescheduleModal(before, TZ, metadata) as never, 'reschedule')).toEqual([]);
    expect(viewProblems(renderCancelModal(before, TZ, metadata) as never, 'cancel')).toEqual([]);
    const close = renderCloseModal(inEls, TZ, metadata, true);
    expect(close.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['outcome', 'incidents', 'els_incidents', 'els_exit']);
    expect(viewProblems(close as never, 'close')).toEqual([]);
  });

  it('keeps help and the report within limits', () => {
    expect(messageProblems(renderHelpMessage({ entries: helpEntries({ console: false }), intro: HELP_INTRO, note: long(5000) }))).toEqual([]);
    const report = { period: '90d' as const, periodLabel: 'last 90 days', to: NOW.toISOString(), keyFigures: Array.from({ length: 30 }, () => ({ label: long(100), value: long(300) })), byModel: Array.from({ length: 50 }, () => ({ modelId: 'm', modelName: 'M', line: long(200) })), insights: Array.from({ length: 20 }, () => long(300)) };
    expect(messageProblems(renderReportMessage(report))).toEqual([]);
  });

  it('the checker itself catches each kind of violation', () => {
    const tooMany = { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) };
    expect(messageProblems(tooMany).join()).toMatch(/51 blocks/);
    const tooLong = { blocks: Array.from({ length: 5 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(2999) } })) };
    expect(textLength(tooLong.blocks)).toBe(5 * 2999);
    expect(messageProblems(tooLong).join()).toMatch(/characters of text/);
    const button = { blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) }, value: 'v' }] }] };
    expect(messageProblems(button).join()).toMatch(/button text/);
    const confirm = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' }, confirm: { title: { type: 'plain_text', text: 't' }, text: { type: 'mrkdwn', text: 'x'.repeat(301) }, confirm: { type: 'plain_text', text: 'y'.repeat(31) } } };
    expect(messageProblems({ blocks: [{ type: 'actions', elements: [confirm] }] }).join()).toMatch(/confirm text longer than 300.*confirm confirm text longer than 30/);
    expect(viewProblems({ type: 'modal', title: { type: 'plain_text', text: 'x'.repeat(25) }, blocks: [] }).join()).toMatch(/modal title/);
    expect(viewProblems({ type: 'modal', title: { type: 'plain_text', text: 'ok' }, private_metadata: 'x'.repeat(3001), blocks: [] }).join()).toMatch(/private_metadata/);
  });
});
