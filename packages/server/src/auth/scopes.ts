/** What a token may do: `read` reads, `write` also pushes and deletes, `admin` also runs registry checks. */
export type Scope = 'read' | 'write' | 'admin';

export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

/** Whether a token of scope `held` may do what needs `needed`. */
export function allows(held: Scope, needed: Scope): boolean {
  return RANK[held] >= RANK[needed];
}

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}
