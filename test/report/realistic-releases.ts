import { PHASES } from '../../src/domain/phases.js';
import { ROLES } from '../../src/domain/roles.js';
import type { AuditEntry, OutcomeResult, Release } from '../../src/domain/release-schema.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';
import { makeRelease } from '../helpers/make-release.js';

const HOUR = 3_600_000;
const DUES = ['-10d', '-7d', '-5d', '-4d', '-3d', '-3d', '-2d', '-2d', '-1d', '-1d', '-1d', '-12h', '-4h', '-2h', '0', '+1h', '+4h', '+1d', '+3d', '+7d'];
const people = ['alice', 'bob', 'carol', 'dan', 'erin'].map((n) => ({ id: `slack:U${n.toUpperCase()}`, name: n }));

/** A 20-step model; step 5 ("update-runbook") is the one teams skip, step 12 ("rollback-rehearsal") the one that matters. */
export function realisticModel(id: string, name: string): ReleaseModel {
  const steps = DUES.map((due, i) => ({
    id: i === 4 ? 'update-runbook' : i === 11 ? 'rollback-rehearsal' : `step-${i + 1}`,
    title: i === 4 ? 'Update runbook' : i === 11 ? 'Rollback rehearsal' : `${name} step ${i + 1}`,
    phase: PHASES[Math.min(7, Math.floor(i / 2.5))] ?? 'build',
    owner: ROLES[i % ROLES.length] ?? 'dev',
    due,
    skippable: i !== 14,
  }));
  return { id, name, description: `${name} releases.`, risk: 'medium', deploymentStep: 'step-15', els: { window: '+7d', exitCriteria: ['No P1 incidents'] }, steps, reminders: [] };
}

export const REALISTIC_MODELS = [realisticModel('standard', 'Standard'), realisticModel('minor', 'Minor'), realisticModel('major', 'Major'), realisticModel('emergency', 'Emergency')];

/** A small deterministic PRNG (mulberry32), so every run builds the same history. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Most closed releases record an ELS result, one in ten does not; derived from `seq` so the PRNG sequence stays as it was. */
function elsResult(seq: number, result: OutcomeResult): { els?: { incidents: number; exitCriteriaMet: boolean } } {
  if (seq % 10 === 0) return {};
  const incidents = result === 'success' ? (seq % 7 === 0 ? 1 : 0) : 1 + (seq % 3);
  return { els: { incidents, exitCriteriaMet: incidents < 2 } };
}

/**
 * Release number `seq` of a history that ends at `end`: started 2–10 days before its plan, steps ticked around their
 * due times (some late, some undone and redone, the runbook mostly skipped), deployed near the plan, then closed;
 * 5% are cancelled and the newest ones are still open. Failures are likelier when the rehearsal was skipped.
 */
export function realisticRelease(seq: number, total: number, end: number, rand: () => number): Release {
  const model = REALISTIC_MODELS[seq % REALISTIC_MODELS.length] as ReleaseModel;
  const spanMs = 365 * 24 * HOUR;
  const created = end - spanMs + Math.floor((seq / total) * spanMs * 0.97);
  const planned = created + (2 + Math.floor(rand() * 8)) * 24 * HOUR + 10 * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  const who = () => people[Math.floor(rand() * people.length)] ?? people[0]!;
  const audit: AuditEntry[] = [{ at: iso(created), actor: who(), action: 'start', detail: `${model.id}: fixture` }];
  const cancelled = rand() < 0.05;
  const stillOpen = seq > total - 40;
  const deployedAt = planned + Math.floor((rand() - 0.3) * 3 * HOUR);
  const steps: Release['steps'] = [];
  let skippedRehearsal = false;
  model.steps.forEach((def, i) => {
    const dueMs = planned + (DUES[i] === '0' ? 0 : Number.parseInt(DUES[i] ?? '0', 10) * (DUES[i]?.endsWith('h') ? HOUR : 24 * HOUR));
    const at = Math.max(created + HOUR, dueMs - Math.floor(rand() * 6 * HOUR) + (rand() < 0.1 ? 5 * HOUR : 0));
    const after = i > 14;
    if (cancelled && (after || i > 8)) return steps.push({ stepId: def.id, state: 'open' });
    if (i === 14) {
      if (cancelled) return steps.push({ stepId: def.id, state: 'open' });
      audit.push({ at: iso(deployedAt), actor: who(), action: 'complete', stepId: def.id });
      return steps.push({ stepId: def.id, state: 'done', by: who(), at: iso(deployedAt) });
    }
    const stamp = after ? Math.max(at, deployedAt + HOUR) : Math.min(at, deployedAt - 60_000);
    if (after && stillOpen) return steps.push({ stepId: def.id, state: 'open' });
    const skip = (def.id === 'update-runbook' && rand() < 0.9) || (def.id === 'rollback-rehearsal' && rand() < 0.15) || rand() < 0.03;
    if (def.id === 'rollback-rehearsal' && skip) skippedRehearsal = true;
    const actor = who();
    if (skip) {
      audit.push({ at: iso(stamp), actor, action: 'skip', stepId: def.id, detail: 'not needed this time' });
      return steps.push({ stepId: def.id, state: 'skipped', by: actor, at: iso(stamp), reason: 'not needed this time' });
    }
    if (rand() < 0.05) {
      audit.push({ at: iso(stamp - HOUR), actor, action: 'complete', stepId: def.id });
      audit.push({ at: iso(stamp - HOUR / 2), actor, action: 'undo', stepId: def.id });
    }
    audit.push({ at: iso(stamp), actor, action: 'complete', stepId: def.id });
    return steps.push({ stepId: def.id, state: 'done', by: actor, at: iso(stamp) });
  });
  audit.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const closedAt = deployedAt + 7 * 24 * HOUR;
  const failP = skippedRehearsal ? 0.4 : 0.08;
  const r = rand();
  const result: OutcomeResult = r < failP * 0.5 ? 'failed' : r < failP * 0.8 ? 'rolled_back' : r < failP ? 'hotfix' : 'success';
  const manager = people[0]!;
  if (cancelled) audit.push({ at: iso(planned - 24 * HOUR), actor: manager, action: 'cancel', detail: 'postponed' });
  else if (!stillOpen) audit.push({ at: iso(closedAt), actor: manager, action: 'close', detail: result });
  const last = audit[audit.length - 1]?.at ?? iso(created);
  return makeRelease({
    id: `R-${seq}`,
    seq,
    title: `Release ${seq}: ${model.name.toLowerCase()} change, "quoted", with <angle> & commas`,
    model,
    classification: { suggestedModelId: model.id, explanation: `${model.name}, because the fixture says so` },
    plannedAt: iso(planned),
    releaseManager: manager,
    status: cancelled ? 'cancelled' : stillOpen ? 'els' : 'closed',
    steps,
    reminders: [],
    audit,
    createdAt: iso(created),
    updatedAt: last,
    rev: audit.length,
    ...(cancelled ? { cancelledAt: iso(planned - 24 * HOUR) } : { deployedAt: iso(deployedAt) }),
    ...(cancelled || stillOpen ? {} : { outcome: { result, incidents: result === 'success' ? [] : [`INC-${seq}`], ...elsResult(seq, result), closedBy: manager, closedAt: iso(closedAt) } }),
  });
}
