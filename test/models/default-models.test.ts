import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseOffset } from '../../src/domain/duration.js';
import { PHASES } from '../../src/domain/phases.js';
import type { Catalog } from '../../src/models/catalog.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { RISK_LEVELS, type ReleaseModel } from '../../src/models/model-schema.js';
import { PLACEHOLDERS } from '../../src/scheduler/build-reminder-message.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog('models');
});

const DEFAULTS = ['standard', 'minor', 'major', 'emergency', 'migration'];
const model = (id: string): ReleaseModel => {
  const m = catalog.model(id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const offsets = (m: ReleaseModel, kind: string) => m.reminders.filter((r) => r.kind === kind).map((r) => r.at);
const stepIds = (m: ReleaseModel) => m.steps.map((s) => s.id);

describe('the default models', () => {
  it('all load, with the questions and rules, in order of risk', () => {
    expect(catalog.models.map((m) => m.id).sort()).toEqual([...DEFAULTS].sort());
    expect(catalog.models[0]?.id).toBe('standard');
    const risks = catalog.models.map((m) => RISK_LEVELS.indexOf(m.risk));
    expect(risks).toEqual([...risks].sort((a, b) => a - b));
    expect(catalog.fallback).toBe('minor');
    expect(catalog.model('nope')).toBeUndefined();
  });

  it.each(DEFAULTS)('%s: file is named after the model and points editors at the JSON Schema', async (id) => {
    const text = await readFile(`models/${id}.yaml`, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/release-model.schema.json');
    expect(model(id).id).toBe(id);
  });

  it('the questions file points editors at its JSON Schema', async () => {
    const text = await readFile('models/questions.yaml', 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/questions.schema.json');
  });

  it.each(DEFAULTS)('%s: reminders use only known placeholders, and communication reminders carry a draft', (id) => {
    for (const r of model(id).reminders) {
      for (const text of [r.message, r.draft ?? '']) {
        for (const [placeholder] of text.matchAll(/\{[^}]*\}/g)) expect(PLACEHOLDERS.map((p) => `{${p}}`)).toContain(placeholder);
      }
      if (r.kind === 'communication') expect(r.draft).toMatch(/\{title\}/);
    }
  });

  it.each(DEFAULTS)('%s: the deployment step is a deployment-phase step that can never be skipped', (id) => {
    const m = model(id);
    const step = m.steps.find((s) => s.id === m.deploymentStep);
    expect(step).toMatchObject({ phase: 'deployment', skippable: false, due: '0' });
  });

  it('strictness scales with risk: more steps and more unskippable gates for riskier planned models', () => {
    const planned = ['standard', 'minor', 'major'].map(model);
    const counts = planned.map((m) => m.steps.length);
    const gates = planned.map((m) => m.steps.filter((s) => !s.skippable).length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(gates).toEqual([...gates].sort((a, b) => a - b));
    expect(model('standard').steps.length).toBeLessThanOrEqual(8);
    expect(model('major').steps.length).toBeGreaterThanOrEqual(20);
    expect(model('major').steps.length).toBeLessThanOrEqual(30);
  });

  it('standard is short, not user-facing, with at most a one-day ELS', () => {
    const m = model('standard');
    expect(m.risk).toBe('low');
    expect(m.steps.some((s) => s.phase === 'communication' || s.phase === 'user_preparedness')).toBe(false);
    expect(offsets(m, 'communication')).toEqual([]);
    if (m.els) expect(parseOffset(m.els.window)).toBeLessThanOrEqual(86_400_000);
  });

  it('major has go/no-go, rollback rehearsal, training, comms at T-2d, T-1h and T, hypercare T+1d, T+3d and an exit review at T+7d', () => {
    const m = model('major');
    expect(stepIds(m)).toEqual(expect.arrayContaining(['go_no_go', 'rollback_rehearsal', 'training', 'uat', 'els_exit']));
    expect(new Set(m.steps.map((s) => s.phase))).toEqual(new Set(PHASES));
    expect(offsets(m, 'communication')).toEqual(['-2d', '-1h', '0']);
    expect(offsets(m, 'els_checkin')).toEqual(['+1d', '+3d']);
    expect(offsets(m, 'els_exit_review')).toEqual(['+7d']);
    expect(m.els?.window).toBe('+7d');
    expect(m.els?.exitCriteria.length).toBeGreaterThanOrEqual(3);
  });

  it('emergency keeps gates before deployment minimal and backfills documentation and a post-incident review afterwards', () => {
    const m = model('emergency');
    const before = m.steps.filter((s) => s.due !== undefined && parseOffset(s.due) < 0);
    expect(before).toEqual([]);
    for (const id of ['backfill_docs', 'post_incident_review']) {
      const step = m.steps.find((s) => s.id === id);
      expect(step?.skippable).toBe(false);
      expect(parseOffset(step?.due ?? '0')).toBeGreaterThan(0);
    }
  });

  it('migration verifies backups, dry-runs on a prod-like copy, reconciles data, defines a rollback point and has ELS', () => {
    const m = model('migration');
    expect(stepIds(m)).toEqual(expect.arrayContaining(['backup_verified', 'dry_run', 'reconcile', 'rollback_point', 'els_exit']));
    for (const id of ['backup_verified', 'dry_run', 'reconcile', 'rollback_point']) expect(m.steps.find((s) => s.id === id)?.skippable).toBe(false);
    expect(m.els).toBeDefined();
    expect(offsets(m, 'els_exit_review')).toEqual(['+7d']);
  });

  it('every owner role appears across the defaults, and many steps have due offsets', () => {
    const steps = catalog.models.flatMap((m) => m.steps);
    expect(new Set(steps.map((s) => s.owner))).toEqual(new Set(['dev', 'ops', 'release_manager', 'comms', 'support']));
    expect(steps.filter((s) => s.due !== undefined).length / steps.length).toBeGreaterThan(0.8);
  });
});
