/** name -> id, per parent id. */
export class NameIndex {
  readonly #byParent = new Map<string, Map<string, string>>();

  get(parent: string, name: string): string | undefined {
    return this.#byParent.get(parent)?.get(name);
  }
  ids(parent: string): Iterable<string> {
    return this.#byParent.get(parent)?.values() ?? [];
  }
  count(parent: string): number {
    return this.#byParent.get(parent)?.size ?? 0;
  }
  set(parent: string, name: string, id: string): void {
    const names = this.#byParent.get(parent);
    if (names) names.set(name, id);
    else this.#byParent.set(parent, new Map([[name, id]]));
  }
  delete(parent: string, name: string): void {
    const names = this.#byParent.get(parent);
    names?.delete(name);
    if (names?.size === 0) this.#byParent.delete(parent);
  }
}
