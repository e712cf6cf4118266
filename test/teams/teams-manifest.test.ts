import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync, crc32 } from 'node:zlib';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildTeamsPackage, fillManifest, MANIFEST_DIR } from '../../scripts/package-teams.js';
import { COMMANDS } from '../../src/index.js';

const SCHEMA = path.resolve('../shared/schemas/teams-manifest-1.25.schema.json');
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

/** Entries of a zip, checking each stored entry's CRC. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let pos = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(pos)).toBe(0x02014b50);
    const method = zip.readUInt16LE(pos + 10);
    const crc = zip.readUInt32LE(pos + 16);
    const size = zip.readUInt32LE(pos + 20);
    const nameLen = zip.readUInt16LE(pos + 28);
    const extraLen = zip.readUInt16LE(pos + 30);
    const commentLen = zip.readUInt16LE(pos + 32);
    const local = zip.readUInt32LE(pos + 42);
    const name = zip.toString('utf8', pos + 46, pos + 46 + nameLen);
    expect(method).toBe(0);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    expect(crc32(data) >>> 0, name).toBe(crc);
    out.set(name, data);
    pos += 46 + nameLen + extraLen + commentLen;
  }
  return out;
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

  // Skipped, and reported as skipped, when ../shared/schemas is not checked out: it can never pass without validating.
  it.skipIf(!existsSync(SCHEMA))('validates against the published Teams manifest schema 1.25, ids filled with a GUID', () => {
    const filled = JSON.parse(fillManifest(template, { MICROSOFT_APP_ID: APP_ID }));
    // CommonJS default export: the class itself at runtime, typed as a namespace under NodeNext.
    const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
    const ajv = new Ajv04({ strict: false, unicodeRegExp: false, allErrors: true });
    (addFormatsModule as unknown as (a: InstanceType<typeof Ajv04>) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(filled) ? [] : validate.errors).toEqual([]);
    // The schema can say no: the unfilled placeholder is not a GUID.
    expect(validate(JSON.parse(template))).toBe(false);
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

  it('builds the upload zip with the ids filled in', async () => {
    const zip = readZip(await buildTeamsPackage(APP_ID));
    expect([...zip.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(zip.get('color.png')).toEqual(await readFile(path.join(MANIFEST_DIR, 'color.png')));
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
