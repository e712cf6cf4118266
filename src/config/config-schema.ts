import { z } from 'zod';
import { isOffset, parseOffset, OFFSET_HINT } from '../domain/duration.js';

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());

const bool = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : v),
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((s) => ['true', '1', 'yes'].includes(s))]),
  );

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(isOffset, { message: `must be ${OFFSET_HINT}` })
    .transform((s) => Math.abs(parseOffset(s)));

const timeZone = z
  .string()
  .optional()
  .refine(
    (tz) => {
      if (!tz) return true;
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz.replace(/^:/, '') });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"' },
  )
  .transform((tz) => tz?.replace(/^:/, '') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

/** Per-model failure costs: "major=50000,hotfix=20000". */
const costMap = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const out: Record<string, number> = {};
    for (const pair of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [model, cost] = pair.split('=');
      const n = Number(cost);
      if (!model || !cost || !Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not model=cost, e.g. "major=50000,hotfix=20000"` });
        return z.NEVER;
      }
      out[model.trim()] = n;
    }
    return out;
  });

/** The raw environment, variable by variable. Error messages name the variable through the issue path. */
export const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  DATA_DIR: z.string().min(1).default('./data'),
  MODELS_DIR: z.string().min(1).default('./models'),
  TZ: timeZone,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  REMINDER_TICK_SECONDS: z.coerce.number().min(0.05).max(3600).default(1),
  REMINDER_MAX_LATENESS: duration('12h'),
  REMINDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  REMINDER_RETRY_BASE: duration('10s'),
  CONSOLE_USER: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((t) => !t || t.startsWith('xoxb-'), { message: 'must be a bot token starting with "xoxb-"' }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((t) => !t || t.startsWith('xapp-'), { message: 'must be an app-level token starting with "xapp-"' }),
  SLACK_API_URL: optionalText.refine((u) => !u || URL.canParse(u), { message: 'must be a URL such as "https://slack.com/api/"' }),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  TEAMS_ALLOW_ANONYMOUS: bool(false),
  API_ENABLED: bool(false),
  TRUST_PROXY: optionalText
    .refine((v) => !v || /^(true|false|\d{1,2}|[\w.:/, -]+)$/.test(v), { message: 'must be "true", a number of proxy hops, or addresses and subnets such as "loopback, uniquelocal"' })
    .transform((v) => (v === undefined || v === 'false' ? undefined : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  SHUTDOWN_DRAIN: duration('0s'),
  DATABASE_URL: optionalText.refine((u) => !u || /^postgres(ql)?:\/\/[^\s]+$/.test(u) && URL.canParse(u), {
    message: 'must be a PostgreSQL URL such as "postgres://user:password@host:5432/releasebot?sslmode=require"',
  }),
  METRICS_TOKEN: optionalText.refine((t) => !t || t.length >= 16, { message: 'must be at least 16 characters (e.g. "openssl rand -hex 32"), or unset to leave /metrics open' }),
  FAILURE_COST: z.coerce.number().min(0).default(0),
  FAILURE_COST_BY_MODEL: costMap,
  ON_TIME_TOLERANCE: duration('1h'),
  STEP_ESCALATE_AFTER: duration('4h'),
  DIGEST_AT: z
    .string()
    .default('09:00')
    .refine((v) => v === 'off' || /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), { message: 'must be a time of day such as "09:00" (in TZ), or "off"' })
    .transform((v) => (v === 'off' ? undefined : { hour: Number(v.split(':')[0]), minute: Number(v.split(':')[1]) })),
});

export type Env = z.infer<typeof envSchema>;
