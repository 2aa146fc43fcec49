import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientTests } from '@ebonite/test-suite';
import { Ebonite } from '@ebonite/core';

clientTests({ name: 'inmemory + inmemory', create: () => Ebonite.inmemory() });
clientTests({ name: 'local + local', create: async () => Ebonite.local({ path: await mkdtemp(join(tmpdir(), 'ebonite-suite-')) }) });
