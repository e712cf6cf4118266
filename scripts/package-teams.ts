/**
 * `npm run package:teams`: builds the Teams app package (manifest.json with the ids filled in, plus the two
 * icons) as the zip that Teams "Upload a custom app" and the Developer Portal accept.
 *
 * The zip is written by the small store-only writer below rather than a dependency: three small files, no
 * compression needed (the PNGs are compressed already), and the format for stored entries is a few headers
 * and a CRC-32 (node:zlib has crc32 since Node 20.15).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
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

/** A zip archive of stored (uncompressed) entries. */
export function storeZip(entries: Array<{ name: string; data: Buffer }>, date = new Date('2026-01-01T00:00:00Z')): Buffer {
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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
  return storeZip(entries);
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
  main(process.env).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
