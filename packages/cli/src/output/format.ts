const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `1.5 MiB`; plain bytes under 1 KiB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A stored ISO date shown to the second, in UTC: `2026-11-27 10:15:03Z`. */
export function formatDate(iso: string): string {
  return iso.length >= 19 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : iso;
}

/** `3 models`, `1 model`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The recorded size of a model's artifacts, in bytes. */
export function modelSize(model: { artifacts: readonly { size: number }[] }): number {
  return model.artifacts.reduce((sum, a) => sum + a.size, 0);
}

/** Tags as `k=v, k2=v2` (sorted by key), `-` when none. */
export function formatTags(tags: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '-';
}
