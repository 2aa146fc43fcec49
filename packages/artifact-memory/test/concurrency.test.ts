import { readAll, uploads } from '@ebonite/test-utils/streams';
import { beforeEach, expect, it } from 'vitest';
import { type InMemoryArtifactRepository, inMemoryArtifacts } from '../src/index.js';
import { pausedStream, tree } from './helpers.js';

let repo: InMemoryArtifactRepository;
beforeEach(() => {
  repo = inMemoryArtifacts();
});

/** Two pushes, both held half-way through their file (past the early check) until both got there. */
function racingPushes(modelIds: [string, string]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let halfway = 0;
  const reached = () => {
    if (++halfway === 2) release();
  };
  return modelIds.map((id, i) =>
    repo.push(
      id,
      uploads({
        data: pausedStream(
          Buffer.alloc(100_000, i + 1),
          Buffer.alloc(100_000, i + 1),
          released,
          reached,
        ),
        [`from-${i}`]: String(i),
      }),
    ),
  );
}

it('two pushes of the same model at once: one wins whole, the other gets ArtifactExistsError', async () => {
  const results = await Promise.allSettled(racingPushes(['same', 'same']));
  const won = results.findIndex((r) => r.status === 'fulfilled');
  const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(won).toBeGreaterThanOrEqual(0);
  expect(lost.reason.code).toBe('E_ARTIFACT_EXISTS');
  expect(await repo.list('same')).toEqual([
    { name: 'data', size: 200_000 },
    { name: `from-${won}`, size: 1 },
  ]);
  expect(
    (await readAll(await repo.open('same', 'data'))).equals(Buffer.alloc(200_000, won + 1)),
  ).toBe(true);
  expect(tree(repo.volume, '/.tmp')).toEqual(['/.tmp']);
});

it('two pushes of different models at once both land whole', async () => {
  await Promise.all(racingPushes(['left', 'right']));
  expect((await readAll(await repo.open('left', 'data'))).equals(Buffer.alloc(200_000, 1))).toBe(
    true,
  );
  expect((await readAll(await repo.open('right', 'data'))).equals(Buffer.alloc(200_000, 2))).toBe(
    true,
  );
  expect(await repo.list('right')).toEqual([
    { name: 'data', size: 200_000 },
    { name: 'from-1', size: 1 },
  ]);
});
