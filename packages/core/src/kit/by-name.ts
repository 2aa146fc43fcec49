/** Sorts by `name` in UTF-16 code unit order (never locale order): the order `list()` promises. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
