/**
 * `record[key]` when `key` is the record's own property, else undefined: type strings come from users
 * and config files, and `"constructor"` or `"__proto__"` must not find `Object.prototype`'s members.
 */
export function ownEntry<V>(
  record: Readonly<Record<string, V>> | undefined,
  key: string,
): V | undefined {
  return record !== undefined && record !== null && Object.hasOwn(record, key)
    ? record[key]
    : undefined;
}
