import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isNotFound } from '../storage/durable-json-file.js';
import { formatIssues } from '../storage/format-issues.js';
import { StoreCorruptError } from '../storage/store-errors.js';
import { writeFileAtomic } from '../storage/write-file-atomic.js';
import { SURFACES } from '../domain/release-schema.js';

export const TOKENS_FILE_NAME = 'tokens.json';
export const TOKEN_USE_FILE_NAME = 'token-use.json';

const iso = z.string().datetime({ offset: true });

/** A token's name: what chat shows ("pipeline github-ci") and what `token revoke` takes. */
export const tokenNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'must be 1 to 40 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

/** Which workspace's releases a token may reach besides the API's own: "slack:T0123" or "teams:<tenant id>". */
export const tokenScopeSchema = z.object({ surface: z.enum(SURFACES), workspaceId: z.string().min(1) }).strict();

export const tokenRecordSchema = z
  .object({
    name: tokenNameSchema,
    /** SHA-256 of the token, hex: the token itself is shown once and never stored. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: iso,
    revokedAt: iso.optional(),
    scope: tokenScopeSchema.optional(),
  })
  .strict();

const tokensFileSchema = z.object({ schemaVersion: z.literal(1), tokens: z.array(tokenRecordSchema) }).strict();
/** Written by the running bot only, so the token CLI and the bot never write the same file. */
const tokenUseFileSchema = z.object({ schemaVersion: z.literal(1), lastUsed: z.record(z.string(), iso) }).strict();

export type TokenRecord = z.infer<typeof tokenRecordSchema>;
export type TokenScope = z.infer<typeof tokenScopeSchema>;
export type TokensFile = z.infer<typeof tokensFileSchema>;
export type TokenUseFile = z.infer<typeof tokenUseFileSchema>;

async function readJson<T>(file: string, schema: z.ZodType<T>, empty: T): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return empty;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StoreCorruptError(file, [`not valid JSON (${(error as Error).message})`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoreCorruptError(file, formatIssues(parsed.error));
  return parsed.data;
}

export const tokensPath = (dataDir: string) => path.join(dataDir, TOKENS_FILE_NAME);
export const tokenUsePath = (dataDir: string) => path.join(dataDir, TOKEN_USE_FILE_NAME);

export function readTokens(dataDir: string): Promise<TokensFile> {
  return readJson(tokensPath(dataDir), tokensFileSchema, { schemaVersion: 1, tokens: [] });
}

export function writeTokens(dataDir: string, data: TokensFile): Promise<void> {
  return writeFileAtomic(tokensPath(dataDir), `${JSON.stringify(tokensFileSchema.parse(data), null, 2)}\n`);
}

export function readTokenUse(dataDir: string): Promise<TokenUseFile> {
  return readJson(tokenUsePath(dataDir), tokenUseFileSchema, { schemaVersion: 1, lastUsed: {} });
}

export function writeTokenUse(dataDir: string, data: TokenUseFile): Promise<void> {
  return writeFileAtomic(tokenUsePath(dataDir), `${JSON.stringify(tokenUseFileSchema.parse(data))}\n`);
}
