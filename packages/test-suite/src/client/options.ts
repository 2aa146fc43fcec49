import type { Ebonite } from '@ebonite/core';

/** Options of {@link clientTests}. */
export interface ClientTestOptions {
  /** The `describe()` label. */
  name: string;
  /** Makes a client on the stores under test. They may be shared: the suite uses random names. The suite closes each client it creates. */
  create: () => Promise<Ebonite>;
}
