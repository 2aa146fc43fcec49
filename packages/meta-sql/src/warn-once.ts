import type { EboniteError } from '@ebonite/core/plugin';

const warned = new Set<string>();

/** Emits a process warning once per message: a list that skips a damaged row does not hide it. */
export function warnOnce(error: EboniteError): void {
  if (warned.has(error.message)) return;
  warned.add(error.message);
  process.emitWarning(error.message, { type: 'EboniteWarning', code: error.code });
}
