import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { clientTests } from '@ebonite/test-suite';

clientTests({ name: 'inmemory + inmemory', create: () => Ebonite.inmemory() });
clientTests({
  name: 'local + local',
  create: async () => Ebonite.local({ path: await mkdtemp(join(tmpdir(), 'ebonite-suite-')) }),
});
