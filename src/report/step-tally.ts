import { STEP_DONE, STEP_LATE, STEP_NOT_COUNTED, STEP_OPEN, STEP_SKIPPED, type ReleaseFacts } from './release-facts.js';

/** A step skipped in at least this share of at least this many releases is a candidate to drop. */
export const DROP_SKIP_RATE = 0.8;
export const DROP_MIN_RELEASES = 3;

export interface StepMetrics {
  stepId: string;
  title: string;
  preDeployment: boolean;
  /** Deployed releases of the model that count for this step. */
  releases: number;
  done: number;
  skipped: number;
  /** Not done and not skipped: still open at deployment (or at closing, for later steps). */
  open: number;
  /** Done after the step's due time. */
  late: number;
  skipRate?: number;
  /** Late completions over completions. */
  lateRate?: number;
  dropCandidate: boolean;
  /** Among deployments with a known outcome: failed ones, and how many of them went out with this step skipped / not done. */
  failedReleases: number;
  skippedInFailed: number;
  notDoneInFailed: number;
  succeededReleases: number;
  notDoneInSucceeded: number;
}

export class StepTally {
  private readonly steps = new Map<string, StepMetrics>();

  add(f: ReleaseFacts): void {
    const meta = f.stepMeta ?? [];
    const codes = f.stepCodes;
    for (let i = 0; i < meta.length; i++) {
      const code = codes?.[i] ?? STEP_NOT_COUNTED;
      if (code === STEP_NOT_COUNTED) continue;
      const s = meta[i] as (typeof meta)[number];
      let m = this.steps.get(s.stepId);
      if (!m) {
        m = {
          stepId: s.stepId,
          title: s.title,
          preDeployment: s.preDeployment,
          releases: 0,
          done: 0,
          skipped: 0,
          open: 0,
          late: 0,
          dropCandidate: false,
          failedReleases: 0,
          skippedInFailed: 0,
          notDoneInFailed: 0,
          succeededReleases: 0,
          notDoneInSucceeded: 0,
        };
        this.steps.set(s.stepId, m);
      }
      // The newest release names the step: titles can change between model versions.
      m.title = s.title;
      m.releases++;
      const state = code & ~STEP_LATE;
      if (state === STEP_DONE) m.done++;
      else if (state === STEP_SKIPPED) m.skipped++;
      else if (state === STEP_OPEN) m.open++;
      if (code & STEP_LATE) m.late++;
      const notDone = state !== STEP_DONE ? 1 : 0;
      if (f.failed === true) {
        m.failedReleases++;
        m.notDoneInFailed += notDone;
        if (state === STEP_SKIPPED) m.skippedInFailed++;
      } else if (f.failed === false) {
        m.succeededReleases++;
        m.notDoneInSucceeded += notDone;
      }
    }
  }

  finish(): StepMetrics[] {
    return [...this.steps.values()].map((m) => {
      const out = { ...m };
      if (m.releases > 0) out.skipRate = m.skipped / m.releases;
      if (m.done > 0) out.lateRate = m.late / m.done;
      out.dropCandidate = m.releases >= DROP_MIN_RELEASES && m.skipped / m.releases >= DROP_SKIP_RATE;
      return out;
    });
  }
}
