import path from 'node:path';
import type { Env } from './config-schema.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set. */
  appToken?: string;
  apiUrl?: string;
}

export interface TeamsConfig {
  /** Undefined in anonymous mode (local fake connector or emulator only). */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  anonymous: boolean;
}

/** Typed options, read once at startup. Nothing else reads process.env. */
export interface Config {
  nodeEnv: string;
  dataDir: string;
  modelsDir: string;
  timeZone: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  reminders: { tickSeconds: number; maxLatenessMs: number; maxAttempts: number; retryBaseMs: number; stepEscalateAfterMs: number };
  /** DIGEST_AT: when each person's daily digest goes out, in the team's zone; undefined when it is off. */
  digestAt?: { hour: number; minute: number };
  consoleUser?: string;
  /** API_ENABLED: serve the pipeline API (and the HTTP server) in console mode too; Slack and Teams always serve it. */
  apiEnabled: boolean;
  /** METRICS_TOKEN: GET /metrics wants it as a bearer token; open when unset. */
  metricsToken?: string;
  /** TRUST_PROXY: which proxies' X-Forwarded-For to believe for the caller's address (Express's "trust proxy"); none when unset. */
  trustProxy?: boolean | number | string;
  /** SHUTDOWN_DRAIN: how long /readyz answers 503 before the server stops taking requests, so a proxy moves traffic away first. */
  shutdownDrainMs: number;
  /** DATABASE_URL: PostgreSQL holds everything shared, so several instances can run; the lowdb files in DATA_DIR when unset. */
  databaseUrl?: string;
  slack?: SlackConfig;
  teams?: TeamsConfig;
  report: { failureCost: number; failureCostByModel: Record<string, number>; onTimeToleranceMs: number };
}

export function toConfig(env: Env, cwd: string): Config {
  const slack =
    env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET
      ? { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL }
      : undefined;
  const teamsCredentials = env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD;
  const anonymous = !teamsCredentials && env.TEAMS_ALLOW_ANONYMOUS && env.NODE_ENV !== 'production';
  const teams: TeamsConfig | undefined =
    teamsCredentials || anonymous
      ? {
          appId: teamsCredentials ? env.MICROSOFT_APP_ID : undefined,
          appPassword: teamsCredentials ? env.MICROSOFT_APP_PASSWORD : undefined,
          tenantId: env.MICROSOFT_APP_TENANT_ID,
          appType: env.MICROSOFT_APP_TYPE ?? (env.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant'),
          anonymous: !teamsCredentials,
        }
      : undefined;
  return {
    nodeEnv: env.NODE_ENV,
    dataDir: path.resolve(cwd, env.DATA_DIR),
    modelsDir: path.resolve(cwd, env.MODELS_DIR),
    timeZone: env.TZ,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    reminders: {
      tickSeconds: env.REMINDER_TICK_SECONDS,
      maxLatenessMs: env.REMINDER_MAX_LATENESS,
      maxAttempts: env.REMINDER_MAX_ATTEMPTS,
      retryBaseMs: env.REMINDER_RETRY_BASE,
      stepEscalateAfterMs: env.STEP_ESCALATE_AFTER,
    },
    ...(env.DIGEST_AT ? { digestAt: env.DIGEST_AT } : {}),
    consoleUser: env.CONSOLE_USER,
    apiEnabled: env.API_ENABLED,
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.TRUST_PROXY !== undefined ? { trustProxy: env.TRUST_PROXY } : {}),
    shutdownDrainMs: env.SHUTDOWN_DRAIN,
    slack,
    teams,
    report: { failureCost: env.FAILURE_COST, failureCostByModel: env.FAILURE_COST_BY_MODEL, onTimeToleranceMs: env.ON_TIME_TOLERANCE },
  };
}
