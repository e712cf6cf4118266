/** A bounded set of recently seen activity ids: Teams redelivers slow turns with the same id. */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 2_000) {}

  /** True the first time an id is offered. */
  firstTime(id: string | undefined): boolean {
    if (!id) return true;
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}
