import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/config-schema.js';

/**
 * What can be checked of the container topology without a Docker engine: compose.yaml, deploy/Caddyfile and the
 * Dockerfile as files, held against the config schema and package.json. Building and running them needs Docker.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const service = z.looseObject({
  image: z.string().optional(),
  build: z.string().optional(),
  env_file: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string().optional() }))]).optional(),
  ports: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: z.looseObject({ test: z.union([z.string(), z.array(z.string())]) }).optional(),
});
const composeFile = z.looseObject({
  services: z.record(z.string(), service),
  volumes: z.record(z.string(), z.unknown().nullable()).optional(),
});

// Compose merges `<<: *bot` (YAML 1.1 merge keys); without `merge` the two bots would come out empty.
const compose = composeFile.parse(parse(read('compose.yaml'), { merge: true }));
const BOTS = ['bot-1', 'bot-2'] as const;
const bot = (name: string) => {
  const s = compose.services[name];
  if (!s) throw new Error(`compose.yaml has no service ${name}`);
  return s;
};

interface Instruction {
  op: string;
  args: string;
}

/**
 * Dockerfile instructions that make up its last stage (the image that runs), with line continuations joined. A stage
 * built `FROM` an earlier one inherits that one's instructions, so the base image and any ENV or USER set there count.
 */
function runtimeStage(text: string): Instruction[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { name?: string; from: string; instructions: Instruction[] }[] = [];
  for (const l of logical) {
    const [op = '', ...rest] = l.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(' ') };
    if (instruction.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: m?.[1] ?? '', ...(m?.[2] ? { name: m[2] } : {}), instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  const effective = (index: number): Instruction[] => {
    const s = stages[index]!;
    const parent = stages.findIndex((p, i) => i < index && p.name === s.from);
    return parent >= 0 ? [...effective(parent), ...s.instructions] : [{ op: 'FROM', args: s.from }, ...s.instructions];
  };
  return effective(stages.length - 1);
}
const stage = runtimeStage(read('Dockerfile'));
const args = (op: string) => stage.filter((i) => i.op === op).map((i) => i.args);

/** ENV in both forms: `ENV A=1 B=2` and `ENV A 1`. */
function envOf(instructions: Instruction[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { op, args: a } of instructions) {
    if (op !== 'ENV') continue;
    if (/^\w+=/.test(a)) for (const m of a.matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
    else {
      const [k, ...v] = a.split(/\s+/);
      out[k!] = v.join(' ');
    }
  }
  return out;
}
const imageEnv = envOf(stage);

const packageJson = z
  .object({ scripts: z.record(z.string(), z.string()), dependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(read('package.json')));

describe('compose.yaml', () => {
  it('runs PostgreSQL 15 with a healthcheck and its data on a named volume', () => {
    const pg = compose.services.postgres;
    expect(pg?.image).toMatch(/^postgres:15(\.|-|$)/);
    expect([pg?.healthcheck?.test].flat().join(' ')).toContain('pg_isready');
    const volume = pg?.volumes?.find((v) => v.endsWith(':/var/lib/postgresql/data'))?.split(':')[0];
    expect(volume, 'a volume on /var/lib/postgresql/data').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('runs two bot instances from the Dockerfile, both on that database once it is healthy, secrets from .env', () => {
    for (const name of BOTS) {
      const s = bot(name);
      expect(s.build, name).toBe('.');
      expect(s.env_file, name).toEqual('.env');
      expect(s.environment?.DATABASE_URL, name).toMatch(/^postgres:\/\/releasebot:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/releasebot$/);
      expect(s.depends_on && !Array.isArray(s.depends_on) ? s.depends_on.postgres?.condition : undefined, name).toBe('service_healthy');
    }
    // The same user and database PostgreSQL is started with; the password comes from .env, never from this file.
    expect(compose.services.postgres?.environment).toMatchObject({ POSTGRES_USER: 'releasebot', POSTGRES_DB: 'releasebot' });
    expect(compose.services.postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD[:}]/);
  });

  it('gives each instance its own metrics port, on the loopback only, onto the port the image listens on', () => {
    const published = BOTS.map((name) => {
      const ports = bot(name).ports ?? [];
      expect(ports, name).toHaveLength(1);
      const [host, hostPort, containerPort] = ports[0]!.split(':');
      expect(host, name).toBe('127.0.0.1');
      expect(containerPort, name).toBe(imageEnv.PORT);
      return hostPort;
    });
    expect(new Set(published).size).toBe(BOTS.length);
  });

  it('sets only variables the bot knows (a misspelt one would be ignored silently)', () => {
    const known = new Set(Object.keys(envSchema.shape));
    const set = BOTS.flatMap((name) => Object.keys(bot(name).environment ?? {}));
    expect(set.length).toBeGreaterThan(0);
    expect(set.filter((v) => !known.has(v))).toEqual([]);
  });

  it('puts the proxy in front of both instances, with its config from deploy/', () => {
    const proxy = compose.services.proxy;
    expect(proxy?.image).toMatch(/^caddy:2/);
    const mount = proxy?.volumes?.find((v) => v.includes(':/etc/caddy/Caddyfile'));
    expect(mount?.split(':')[0]).toBe('./deploy/Caddyfile');
    expect(existsSync(path.join(ROOT, 'deploy/Caddyfile'))).toBe(true);
    expect(proxy?.depends_on).toEqual(expect.arrayContaining([...BOTS]));
  });
});

describe('deploy/Caddyfile', () => {
  const caddyfile = read('deploy/Caddyfile')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const directive = (name: string) => caddyfile.find((l) => l.split(/\s+/)[0] === name)?.split(/\s+/).slice(1);

  it('balances across both instances on the port they listen on', () => {
    expect(directive('reverse_proxy')).toEqual([...BOTS.map((b) => `${b}:${imageEnv.PORT}`), '{']);
  });

  it('takes an instance out while its /readyz is not 200, and fails a request over to the other one', () => {
    expect(directive('health_uri')).toEqual(['/readyz']);
    expect(directive('fail_duration')?.[0]).toMatch(/^\d+s$/);
    expect(directive('lb_try_duration')?.[0]).toMatch(/^\d+s$/);
    // Retrying every POST whose response failed would deliver a click twice; Caddy's default retries only POSTs that never connected.
    expect(directive('lb_retry_match')).toBeUndefined();
  });

  it('does not serve one random instance’s /metrics through the proxy', () => {
    const matcher = caddyfile.find((l) => l.startsWith('@metrics '));
    expect(matcher).toMatch(/\bpath \/metrics\b/);
    const block = caddyfile.slice(caddyfile.indexOf('handle @metrics {'));
    expect(block[1]).toBe('respond 404');
  });
});

describe('Dockerfile', () => {
  it('runs on Node 24 LTS slim, as a non-root user, with NODE_ENV=production', () => {
    expect(args('FROM')[0]).toMatch(/^node:24-bookworm-slim\b/);
    const users = args('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(imageEnv.NODE_ENV).toBe('production');
  });

  it('installs production dependencies only, from the lock file', () => {
    const installs = args('RUN').filter((r) => /\bnpm (ci|install|i)\b/.test(r));
    expect(installs.length).toBeGreaterThan(0);
    for (const r of installs) expect(r).toMatch(/\bnpm ci\b.*--omit=dev/);
  });

  it('starts the bot the way npm start does, on the port it exposes', () => {
    const cmd = z.array(z.string()).parse(JSON.parse(args('CMD').at(-1) ?? 'null'));
    expect(cmd.join(' ')).toBe(packageJson.scripts.start);
    expect(args('EXPOSE')).toEqual([imageEnv.PORT]);
    expect(Object.keys(imageEnv).filter((v) => !(v in envSchema.shape))).toEqual([]);
  });

  it('checks its health on /readyz with Node’s own fetch (the slim image has no curl)', () => {
    const health = args('HEALTHCHECK').join(' ');
    expect(health).toMatch(/CMD \["node", "-e", ".*fetch\(.*\/readyz/);
    expect(health).not.toMatch(/\b(curl|wget)\b/);
  });

  it('copies every directory npm start reads, from the stage that typechecked them', () => {
    const copied = args('COPY')
      .filter((a) => a.startsWith('--from=build '))
      .map((a) => a.split(/\s+/)[1]);
    for (const dir of ['/app/src', '/app/adapters', '/app/models']) expect(copied).toContain(dir);
  });

  it('keeps modules, the store, secrets and git out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', '.git', '.env', 'test-output']));
  });
});

describe('the production install', () => {
  /** Packages the code imports at run time (type-only imports are erased, so they do not count). */
  function runtimeImports(dir: string): Map<string, string> {
    const found = new Map<string, string>();
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = path.join(d, f);
        return statSync(p).isDirectory() ? walk(p) : /\.(ts|mjs)$/.test(f) ? [p] : [];
      });
    for (const file of walk(path.join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [
        ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s*'([^']+)'/gms)].map((m) => m[1]!),
        ...[...text.matchAll(/\bimport\s*\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!),
        ...[...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!),
      ];
      for (const s of specifiers) {
        if (s.startsWith('.') || s.startsWith('node:') || builtinModules.includes(s)) continue;
        const pkg = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
        found.set(pkg, path.relative(ROOT, file));
      }
    }
    return found;
  }

  it('has every package the bot imports at run time in dependencies, not devDependencies (npm ci --omit=dev)', () => {
    const imported = new Map([...runtimeImports('src'), ...runtimeImports('adapters'), ...runtimeImports('bin')]);
    expect(imported.size).toBeGreaterThan(5);
    const missing = [...imported].filter(([pkg]) => !(pkg in packageJson.dependencies)).map(([pkg, file]) => `${pkg} (${file})`);
    expect(missing).toEqual([]);
    // `node --import tsx` in CMD: tsx itself must be a dependency.
    expect(packageJson.dependencies).toHaveProperty('tsx');
  });
});
