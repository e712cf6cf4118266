import { z } from 'zod';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

export interface ClientConfig {
  baseUrl: string;
  token: string;
  retries: number;
}

const envSchema = z.object({
  RELEASE_BOT_URL: z
    .string({ error: 'is not set: give the bot\'s base URL, e.g. http://localhost:3000' })
    .trim()
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), { message: 'must be an http(s) URL such as http://localhost:3000' })
    // The base URL, with or without the API's own path.
    .transform((u) => u.replace(/\/+$/, '').replace(/\/api\/v1$/, '')),
  RELEASE_BOT_TOKEN: z
    .string({ error: 'is not set: create a token with "npm run token -- create <name>" and pass it as a secret' })
    .trim()
    .min(1, 'is empty: create a token with "npm run token -- create <name>" and pass it as a secret'),
  RELEASE_BOT_RETRIES: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of retries from 0 to 10')
    .transform(Number)
    .refine((n) => n <= 10, 'must be a whole number of retries from 0 to 10')
    .optional(),
});

/** RELEASE_BOT_URL, RELEASE_BOT_TOKEN and the optional RELEASE_BOT_RETRIES (default 3), or a usage error naming each bad one. */
export function readClientConfig(env: Record<string, string | undefined>): ClientConfig {
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
  const parsed = envSchema.safeParse({ RELEASE_BOT_URL: blank(env['RELEASE_BOT_URL']), RELEASE_BOT_TOKEN: blank(env['RELEASE_BOT_TOKEN']), RELEASE_BOT_RETRIES: blank(env['RELEASE_BOT_RETRIES']) });
  if (!parsed.success) {
    throw new CliError(EXIT.USAGE, 'The configuration in the environment is not usable:', parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`));
  }
  return { baseUrl: parsed.data.RELEASE_BOT_URL, token: parsed.data.RELEASE_BOT_TOKEN, retries: parsed.data.RELEASE_BOT_RETRIES ?? 3 };
}
