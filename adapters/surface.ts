import type { Express } from 'express';
import type { ReleaseService } from '../src/app/release-service.js';
import type { Config } from '../src/config/config.js';
import type { Logger } from '../src/logging/logger.js';
import type { Clock } from '../src/domain/clock.js';
import type { ReminderSender } from '../src/scheduler/reminder-message.js';
import type { Surface } from '../src/domain/release-schema.js';
import type { ReportService } from '../src/report/report-service.js';

/** What the composition root hands every surface. */
export interface SurfaceContext {
  service: ReleaseService;
  config: Config;
  logger: Logger;
  clock: Clock;
  reports: ReportService;
  /** The shared HTTP app (Slack and Teams on one server); absent for the console. */
  http?: Express;
}

/** A started surface: it delivers reminders for releases that live on it, and stops cleanly. */
export interface RunningSurface {
  name: Surface;
  sender: ReminderSender;
  stop(): Promise<void>;
}
