import { expect, it } from 'vitest';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { InvalidReleaseError, NotArchivableError, StoreClosedError, UnknownReleaseError } from '../../src/storage/store-errors.js';
import { build, closeRelease, note } from './fixtures/store-test-kit.js';

/** Opens a store on the same backing data each time it is called (a restart); `second` is another instance, if the implementation allows one. */
export interface StoreUnderTest {
  open(): Promise<ReleaseStore>;
}

/**
 * The ReleaseStore port's rules (src/storage/release-store.ts), proved the same way on every implementation. Call it
 * inside a describe; `fresh` gives empty backing data for each test.
 */
export function releaseStoreContract(fresh: () => Promise<StoreUnderTest>): void {
  it('rule 3 and restart: hands out R-numbers in order, reads them back after a reopen, and never reuses one', async () => {
    const under = await fresh();
    const store = await under.open();
    const a = await store.create(build({ title: 'first' }));
    const b = await store.create(build({ title: 'second' }));
    expect([a.release.id, b.release.id]).toEqual(['R-1', 'R-2']);
    expect(a.duplicate).toBe(false);
    await store.update('R-2', closeRelease);
    await store.archive('R-2');
    await store.close();

    const reopened = await under.open();
    expect((await reopened.listActive()).map((r) => r.title)).toEqual(['first']);
    expect(await reopened.get('R-1')).toEqual(a.release);
    expect(await reopened.get('R-9')).toBeUndefined();
    expect((await reopened.create(build())).release.id).toBe('R-3');
    await reopened.close();
  });

  it('rev counts stored changes; a change that returns no release stores nothing', async () => {
    const store = await (await fresh()).open();
    const { release } = await store.create(build());
    expect(await store.update(release.id, note('a'))).toBe(2);
    expect((await store.get(release.id))?.rev).toBe(release.rev + 1);
    expect(await store.update(release.id, (r) => ({ result: r.audit.length }))).toBe(2);
    expect((await store.get(release.id))?.rev).toBe(release.rev + 1);
    await store.close();
  });

  it('rule 7: what it returns, and what a change received, are copies', async () => {
    const store = await (await fresh()).open();
    const { release } = await store.create(build());
    release.title = 'mutated';
    const got = await store.get(release.id);
    got!.steps[0]!.state = 'done';
    (await store.listActive())[0]!.audit.length = 0;
    let leaked: { title: string } | undefined;
    await store.update(release.id, (r) => {
      leaked = r;
      return { release: r, result: undefined };
    });
    leaked!.title = 'mutated later';
    const fresh1 = await store.get(release.id);
    expect(fresh1?.title).toBe('Release R-1');
    expect(fresh1?.steps[0]?.state).toBe('open');
    expect(fresh1?.audit).toHaveLength(1);
    await store.close();
  });

  it('rejects only the caller whose change throws, and stores nothing for it', async () => {
    const store = await (await fresh()).open();
    const { release } = await store.create(build());
    await expect(store.update(release.id, () => { throw new Error('step 9 does not exist'); })).rejects.toThrow('step 9 does not exist');
    const results = await Promise.allSettled([
      store.update(release.id, note('ok-1')),
      store.update(release.id, () => { throw new Error('boom'); }),
      store.update(release.id, note('ok-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const audit = (await store.get(release.id))?.audit.map((a) => a.key) ?? [];
    expect(audit.slice(0, 1)).toEqual([undefined]);
    expect(audit.slice(1).sort()).toEqual(['ok-1', 'ok-2']);
    expect((await store.get(release.id))?.rev).toBe(release.rev + 2);
    await store.close();
  });

  it('rule 6: refuses a change or a build that breaks the schema, naming the path, and stores nothing', async () => {
    const store = await (await fresh()).open();
    const { release } = await store.create(build());
    const bad = store.update(release.id, (r) => ({ release: { ...r, steps: [{ stepId: 'x', state: 'finished' as 'done' }] }, result: 1 }));
    await expect(bad).rejects.toBeInstanceOf(InvalidReleaseError);
    await expect(bad).rejects.toThrow(/steps\[0\]\.state/);
    await expect(store.update(release.id, (r) => ({ release: { ...r, id: 'R-77' }, result: 1 }))).rejects.toThrow(/id or seq/);
    await expect(store.create((id, seq) => ({ ...release, id, seq, status: 'done' as 'closed' }))).rejects.toThrow(/status/);
    expect(await store.get(release.id)).toEqual(release);
    expect(await store.listActive()).toHaveLength(1);
    await store.close();
  });

  it('refuses updates to unknown or archived releases, and every call after close', async () => {
    const store = await (await fresh()).open();
    await expect(store.update('R-5', note('x'))).rejects.toBeInstanceOf(UnknownReleaseError);
    const { release } = await store.create(build());
    await store.update(release.id, closeRelease);
    await store.archive(release.id);
    await expect(store.update(release.id, note('late'))).rejects.toBeInstanceOf(UnknownReleaseError);
    await store.close();
    await expect(store.create(build())).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.update(release.id, note('x'))).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('rule 2: fifty concurrent changes to one release all land, none lost', async () => {
    const store = await (await fresh()).open();
    const { release } = await store.create(build());
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.update(release.id, note(`k${i}`))));
    const stored = await store.get(release.id);
    expect(stored?.rev).toBe(release.rev + 50);
    expect(new Set(stored?.audit.map((a) => a.key))).toEqual(new Set([undefined, ...Array.from({ length: 50 }, (_, i) => `k${i}`)]));
    await store.close();
  });

  it('rule 4: a create with a key already seen returns the release made then, even when both arrive at once', async () => {
    const store = await (await fresh()).open();
    const made = await Promise.all([store.create(build({ title: 'a' }), 'slack:cmd:1'), store.create(build({ title: 'b' }), 'slack:cmd:1')]);
    expect(made.map((m) => m.duplicate).sort()).toEqual([false, true]);
    expect(made[0].release.id).toBe(made[1].release.id);
    expect(await store.listActive()).toHaveLength(1);
    const again = await store.create(build({ title: 'c' }), 'slack:cmd:1');
    expect(again).toMatchObject({ duplicate: true, release: { id: made[0].release.id } });
    expect((await store.create(build(), 'slack:cmd:2')).duplicate).toBe(false);
    await store.close();
  });

  it('rule 5: archive moves a finished release out of the active set; get and readArchive still find it, in order', async () => {
    const store = await (await fresh()).open();
    for (let i = 0; i < 4; i += 1) await store.create(build({ title: `t${i}` }), `key-${i}`);
    await expect(store.archive('R-2')).rejects.toBeInstanceOf(NotArchivableError);
    for (const id of ['R-3', 'R-1']) {
      await store.update(id, closeRelease);
      await store.archive(id);
    }
    await store.archive('R-3');
    await expect(store.archive('R-9')).rejects.toBeInstanceOf(UnknownReleaseError);
    expect((await store.listActive()).map((r) => r.id)).toEqual(['R-2', 'R-4']);
    expect((await store.get('R-3'))?.status).toBe('closed');
    const archived: string[] = [];
    for await (const r of store.readArchive()) archived.push(r.id);
    expect(archived.sort()).toEqual(['R-1', 'R-3']);
    // Dedupe keys go with the archive: the key of an archived release makes a new one.
    expect((await store.create(build(), 'key-0')).duplicate).toBe(false);
    expect((await store.create(build(), 'key-1')).duplicate).toBe(true);
    await store.close();
  });
}
