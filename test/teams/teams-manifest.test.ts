import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildTeamsPackage, fillManifest, MANIFEST_DIR, zipPackage } from '../../scripts/package-teams.js';
import { COMMANDS } from '../../src/index.js';

const MANIFEST_VERSION = '1.29';
const SCHEMA = path.resolve(`../shared/schemas/teams-manifest-${MANIFEST_VERSION}.schema.json`);
const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** Width, height and RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what our icons are). */
function decodePng(buf: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    expect(filter).toBe(0);
    raw.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, pixels };
}

/** Entries of a zip, read by fflate. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [name, data] of Object.entries(unzipSync(zip))) out.set(name, Buffer.from(data));
  return out;
}

/** A validator for the published Teams manifest schema (draft-04, hence ajv-draft-04), compiled once. */
let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;
function validateManifest(manifest: unknown): unknown[] {
  if (!validator) {
    // CommonJS default export: the class itself at runtime, typed as a namespace under NodeNext.
    const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
    const ajv = new Ajv04({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (a: InstanceType<typeof Ajv04>) => void)(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  }
  return validator(manifest) ? [] : ((validator.errors as unknown[] | null | undefined) ?? ['invalid']);
}

/** What manifest.json in the package must be: the file with the ids filled in and the version of package.json. */
function expectedManifest(template: string): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  return { ...(JSON.parse(fillManifest(template, { MICROSOFT_APP_ID: APP_ID })) as Record<string, unknown>), version: pkg.version };
}

describe('Teams app package', () => {
  const template = readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');

  it('the manifest has placeholders for the app and bot id, three scopes and a command list per scope', () => {
    const m = JSON.parse(template) as { id: string; bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }> };
    expect(m.id).toBe('{{MICROSOFT_APP_ID}}');
    expect(m.bots[0]!.botId).toBe('{{MICROSOFT_APP_ID}}');
    expect(m.bots[0]!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(m.bots[0]!.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    // Every listed command is one the bot understands.
    const known = new Set(COMMANDS.filter((c) => !c.consoleOnly).flatMap((c) => [c.verb, ...(c.aliases ?? [])]));
    for (const list of m.bots[0]!.commandLists) for (const c of list.commands) expect(known, c.title).toContain(c.title);
  });

  it(`is manifest version ${MANIFEST_VERSION}, and names that schema`, () => {
    const m = JSON.parse(template) as { $schema: string; manifestVersion: string };
    expect(m.manifestVersion).toBe(MANIFEST_VERSION);
    expect(m.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
  });

  // Skipped, and reported as skipped, when ../shared/schemas is not checked out: it can never pass without validating.
  it.skipIf(!existsSync(SCHEMA))(`validates against the published Teams manifest schema ${MANIFEST_VERSION}, ids filled with a GUID`, () => {
    const filled = JSON.parse(fillManifest(template, { MICROSOFT_APP_ID: APP_ID })) as Record<string, unknown>;
    expect(validateManifest(filled)).toEqual([]);
    // The schema can say no: the unfilled placeholder is not a GUID, the schema version is pinned, and unknown
    // fields are refused.
    expect(validateManifest(JSON.parse(template))).not.toEqual([]);
    expect(validateManifest({ ...filled, manifestVersion: '1.25' })).not.toEqual([]);
    expect(validateManifest({ ...filled, unknownField: true })).not.toEqual([]);
  });

  it('refuses a placeholder it has no value for', () => {
    expect(() => fillManifest('{"id":"{{SOMETHING_ELSE}}"}', { MICROSOFT_APP_ID: APP_ID })).toThrow(/SOMETHING_ELSE/);
  });

  it('has a 192x192 color icon and a 32x32 outline icon that is white on transparent', async () => {
    const color = decodePng(await readFile(path.join(MANIFEST_DIR, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(await readFile(path.join(MANIFEST_DIR, 'outline.png')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = [outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2], outline.pixels[i + 3]];
      if (a! > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(outline.pixels[3]).toBe(0);
    expect(opaque).toBeGreaterThan(20);
  });

  it('builds the upload zip: the three files at its root, the manifest as the file with the ids filled in', async () => {
    const zip = readZip(await buildTeamsPackage(APP_ID));
    expect([...zip.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8')) as { id: string; bots: Array<{ botId: string }> };
    expect(manifest).toEqual(expectedManifest(template));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(zip.get('color.png')).toEqual(await readFile(path.join(MANIFEST_DIR, 'color.png')));
    expect(zip.get('outline.png')).toEqual(await readFile(path.join(MANIFEST_DIR, 'outline.png')));
    // The same inputs give the same bytes (fixed entry times).
    expect(await buildTeamsPackage(APP_ID)).toEqual(await buildTeamsPackage(APP_ID));
  });

  it.skipIf(!existsSync(SCHEMA))(`the manifest in the upload zip validates against the schema ${MANIFEST_VERSION}`, async () => {
    const zip = readZip(await buildTeamsPackage(APP_ID));
    expect(validateManifest(JSON.parse(zip.get('manifest.json')!.toString('utf8')))).toEqual([]);
  });

  it('refuses an entry that is not at the root of the archive', () => {
    expect(() => zipPackage([{ name: 'teams/manifest.json', data: Buffer.from('{}') }])).toThrow(/root/);
  });

  it('npm run package:teams writes the zip from env, and names the variable when it is missing or wrong', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rb-teams-pkg-'));
    try {
      const out = path.join(dir, 'app.zip');
      const env = { ...process.env, MICROSOFT_APP_ID: APP_ID, TEAMS_PACKAGE_OUT: out };
      execFileSync('npm', ['run', '-s', 'package:teams'], { env, stdio: 'pipe' });
      expect(JSON.parse(readZip(await readFile(out)).get('manifest.json')!.toString()).id).toBe(APP_ID);
      if (spawnSync('unzip', ['-v']).status === 0) expect(spawnSync('unzip', ['-t', out]).status).toBe(0);
      const bad = spawnSync('npm', ['run', '-s', 'package:teams'], { env: { ...env, MICROSOFT_APP_ID: 'my-bot' }, encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/MICROSOFT_APP_ID: must be the Azure Bot's Microsoft App ID/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
