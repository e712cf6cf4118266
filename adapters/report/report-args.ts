import { parseArgs } from 'node:util';
import { z } from 'zod';

export const REPORT_USAGE = `Usage: npm run report -- [--days N|all] [--out FILE] [--csv DIR] [--bucket week|month]
  --days    the last N days (default 90), or "all"
  --out     where to write the HTML report (default report.html)
  --csv     also write releases.csv and step-events.csv into DIR
  --bucket  group trends by week or month (default: weeks up to 120 days, months beyond)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const argsSchema = z.object({
  days: z
    .string()
    .default('90')
    .transform((text, ctx): number | 'all' => {
      if (text === 'all') return 'all';
      const n = Number(text);
      if (/^\d+$/.test(text) && n >= 1 && n <= 36_500) return n;
      ctx.addIssue({ code: 'custom', message: `must be a whole number of days from 1 to 36500, or "all" (got "${text}")` });
      return z.NEVER;
    }),
  out: z.string().min(1).default('report.html'),
  csv: z.string().min(1).optional(),
  bucket: z.enum(['week', 'month']).optional(),
  help: z.boolean().default(false),
});

export type ReportArgs = z.infer<typeof argsSchema>;

export function parseReportArgs(argv: string[]): ReportArgs {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: { days: { type: 'string' }, out: { type: 'string' }, csv: { type: 'string' }, bucket: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${REPORT_USAGE}`);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new UsageError(`Invalid arguments:\n${lines.join('\n')}\n${REPORT_USAGE}`);
  }
  return parsed.data;
}
