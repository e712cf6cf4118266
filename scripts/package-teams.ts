/**
 * `npm run package:teams`: builds the Teams app package (manifest.json with the ids filled in, plus the two
 * icons) as the zip that Teams "Upload a custom app" and the Developer Portal accept.
 *
 * The zip is written by fflate (zipSync): three small files, held in memory, so the synchronous writer is enough.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_DIR = path.join(ROOT, 'manifest', 'teams');
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const envSchema = z.object({
  MICROSOFT_APP_ID: z
    .string({ message: 'must be set to the Azure Bot\'s Microsoft App ID (a GUID)' })
    .trim()
    .regex(GUID, 'must be the Azure Bot\'s Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000'),
  TEAMS_PACKAGE_OUT: z.string().min(1).optional(),
});

/** The manifest with every {{PLACEHOLDER}} filled; an unknown placeholder is an error, not a silent leftover. */
export function fillManifest(template: string, values: Record<string, string>): string {
  const filled = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`manifest/teams/manifest.json: no value for the placeholder {{${name}}}`);
    return value;
  });
  JSON.parse(filled);
  return filled;
}

/**
 * A fixed modification time for every entry, so that the same inputs give the same bytes. fflate writes the DOS
 * date and time from the local-time fields of the Date, so this is local midnight, 2026-01-01, in any time zone.
 */
const ENTRY_MTIME = new Date(2026, 0, 1);

/**
 * The zip, every entry at the root of the archive (Teams looks for manifest.json there, not in a folder). The
 * manifest is deflated; the PNGs are stored, as they are compressed already.
 */
export function zipPackage(entries: Array<{ name: string; data: Uint8Array }>): Buffer {
  const files: Zippable = {};
  for (const { name, data } of entries) {
    if (name.includes('/') || name.includes('\\')) throw new Error(`${name}: the Teams package keeps its files at the root`);
    files[name] = [data, { level: name.endsWith('.png') ? 0 : 9 }];
  }
  const zip = zipSync(files, { mtime: ENTRY_MTIME });
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}

/** The upload zip for one bot registration. */
export async function buildTeamsPackage(appId: string, manifestDir = MANIFEST_DIR): Promise<Buffer> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const template = await readFile(path.join(manifestDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(fillManifest(template, { MICROSOFT_APP_ID: appId.toLowerCase() })) as Record<string, unknown>;
  // Teams refuses an upload whose version did not change; it follows package.json.
  manifest['version'] = pkg.version;
  const entries = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') }];
  for (const icon of PACKAGE_FILES.slice(1)) entries.push({ name: icon, data: await readFile(path.join(manifestDir, icon)) });
  return zipPackage(entries);
}

async function main(env: Record<string, string | undefined>): Promise<void> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new Error(`Cannot build the Teams package:\n${lines.join('\n')}\nSet it in the environment or in .env, then run npm run package:teams again.`);
  }
  const out = path.resolve(parsed.data.TEAMS_PACKAGE_OUT ?? path.join(ROOT, 'dist', 'release-bot-teams.zip'));
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, await buildTeamsPackage(parsed.data.MICROSOFT_APP_ID));
  process.stdout.write(`Wrote ${out}\nUpload it in Teams: Apps > Manage your apps > Upload an app > Upload a custom app.\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  main(process.env).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
