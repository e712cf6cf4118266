/**
 * Values this process validated, by key and revision, oldest forgotten first. A revision is bumped by every stored
 * change, so a value cached at the revision the database still holds is that row's data, already validated. Callers
 * copy what they hand out; nothing cached is ever given away.
 */
export class ValidatedCache<T extends { rev: number }> {
  readonly #entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: T): void {
    const held = this.#entries.get(key);
    // Two reads can finish out of order: never step back to an older revision.
    if (held && held.rev > value.rev) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
