import { releaseModelSchema, type ReleaseModel } from '../../src/models/model-schema.js';
import { releaseSchema, type Release, type Surface } from '../../src/domain/release-schema.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import type { ReminderMessage, ReminderSender } from '../../src/scheduler/reminder-message.js';

/** A major-style model: announcements before, ELS check-ins and an exit review after, a 7-day ELS window. */
export const elsModel: ReleaseModel = releaseModelSchema.parse({
  id: 'major',
  name: 'Major',
  description: 'High-impact release with hypercare.',
  risk: 'high',
  deploymentStep: 'deploy',
  els: { window: '+7d', exitCriteria: ['No P1 incidents for 3 days', 'Support backlog back to normal'] },
  steps: [
    { id: 'build', title: 'Build the release', phase: 'build', owner: 'dev' },
    { id: 'announce', title: 'Announce to users', phase: 'communication', owner: 'comms' },
    { id: 'deploy', title: 'Deploy', phase: 'deployment', owner: 'ops' },
    { id: 'hypercare', title: 'Watch the dashboards', phase: 'early_life_support', owner: 'support' },
  ],
  reminders: [
    { id: 'announce-2d', kind: 'communication', at: '-2d', owners: ['comms'], message: 'Announce {title} ({id}, {model}) planned for {plannedAt}.', draft: 'Heads-up: {title} goes live {plannedAt}.' },
    { id: 'announce-1h', kind: 'communication', at: '-1h', owners: ['comms', 'release_manager'], message: 'One hour to go for {id}.' },
    { id: 'live', kind: 'communication', at: '0', owners: ['comms'], message: '{title} is going live now.' },
    { id: 'els-1d', kind: 'els_checkin', at: '+1d', owners: ['support', 'ops'], message: 'ELS check-in for {id}: any incidents?' },
    { id: 'els-exit', kind: 'els_exit_review', at: '+3d', owners: ['release_manager'], message: 'ELS exit review for {id}.' },
  ],
});

/** A low-risk model: no ELS, no reminders. */
export const plainModel: ReleaseModel = releaseModelSchema.parse({
  id: 'standard',
  name: 'Standard',
  description: 'Pre-authorised change.',
  risk: 'low',
  deploymentStep: 'deploy',
  steps: [{ id: 'deploy', title: 'Deploy', phase: 'deployment', owner: 'ops' }],
});

export interface ReleaseInput {
  id?: string;
  seq?: number;
  title?: string;
  plannedAt: string;
  now: Date;
  timeZone?: string;
  surface?: Surface;
  model?: ReleaseModel;
  /** Recorded as deployed then: its reminders are those planned from the deployment. */
  deployedAt?: string;
}

/** A valid stored release with its reminders planned as the service plans them. */
export function releaseWith(input: ReleaseInput): Release {
  const id = input.id ?? 'R-42';
  const model = input.model ?? elsModel;
  const now = input.now.toISOString();
  const manager = { id: 'console:rita', name: 'Rita' };
  return releaseSchema.parse({
    id,
    seq: input.seq ?? Number(id.slice(2)),
    title: input.title ?? 'Checkout v2',
    answers: {},
    model,
    classification: { suggestedModelId: model.id, explanation: `${model.name}, because the test says so` },
    plannedAt: input.plannedAt,
    requester: manager,
    releaseManager: manager,
    status: input.deployedAt ? (model.els ? 'els' : 'deployed') : 'planned',
    ...(input.deployedAt ? { deployedAt: input.deployedAt } : {}),
    location: { surface: input.surface ?? 'console', channelId: 'console' },
    steps: model.steps.map((s) => ({ stepId: s.id, state: s.id === model.deploymentStep && input.deployedAt ? 'done' : 'open' })),
    reminders: planReminders({
      releaseId: id,
      model,
      plannedAt: input.plannedAt,
      ...(input.deployedAt ? { deployedAt: input.deployedAt } : {}),
      now: input.now,
      timeZone: input.timeZone ?? 'Europe/Berlin',
    }),
    audit: [],
    createdAt: now,
    updatedAt: now,
    rev: 0,
  });
}

/** Stores a release through the port, letting the store allocate the id. */
export async function storeRelease(store: ReleaseStore, input: Omit<ReleaseInput, 'id' | 'seq'>): Promise<Release> {
  const { release } = await store.create((id, seq) => releaseWith({ ...input, id, seq }));
  return release;
}

/** A sender that records what it delivered; `fail` decides, per call, whether to throw instead. */
export class RecordingSender implements ReminderSender {
  readonly delivered: ReminderMessage[] = [];
  calls = 0;
  constructor(private readonly fail: (call: number, message: ReminderMessage) => boolean = () => false) {}

  async deliver(message: ReminderMessage): Promise<void> {
    const call = ++this.calls;
    if (this.fail(call, message)) throw new Error(`surface refused call ${call}`);
    this.delivered.push(message);
  }

  ids(): string[] {
    return this.delivered.map((m) => m.reminderId);
  }
}
