import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/output/progress.js';
import { renderTable } from '../src/output/table.js';

/** A stream that records what is written; `isTTY` makes it look like a terminal to cli-progress. */
function sink(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 160;
  return { stream, text: () => text };
}

const MIB = 1024 * 1024;

describe('progress output', () => {
  it('on a terminal: a bar with bytes done of total, the rate and the time left', async () => {
    const out = sink(true);
    const progress = await createProgress(out.stream, { quiet: false });
    progress.start(100 * MIB, 'p/t/m');
    await new Promise((r) => setTimeout(r, 300));
    progress.update(40 * MIB, 'weights.bin');
    await new Promise((r) => setTimeout(r, 200));
    progress.update(60 * MIB);
    progress.stop();
    const frames = out
      .text()
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '\n');
    expect(frames).toMatch(
      /60% \| 60\.0 MiB \/ 100\.0 MiB \| [\d.]+ MiB\/s \| ETA \d+s \| weights\.bin/,
    );
  });

  it('elsewhere: the lines as they come, and nothing of the bar', async () => {
    const out = sink(false);
    const progress = await createProgress(out.stream, { quiet: false });
    progress.start(10, 'x');
    progress.update(5);
    progress.line('copied p/t/m (1/2 models)');
    progress.stop();
    expect(out.text()).toBe('copied p/t/m (1/2 models)\n');
  });

  it('with --quiet: nothing at all, even on a terminal', async () => {
    const out = sink(true);
    const progress = await createProgress(out.stream, { quiet: true });
    progress.start(10, 'x');
    progress.update(5);
    progress.line('news');
    progress.stop();
    expect(out.text()).toBe('');
  });
});

describe('renderTable', () => {
  it('aligns columns, right-aligns the numeric ones, and stays linear on 10,000 rows', () => {
    expect(
      renderTable(
        ['NAME', 'SIZE'],
        [
          ['a', '1 B'],
          ['longer', '10.0 MiB'],
        ],
        [1],
      ),
    ).toBe('NAME        SIZE\na            1 B\nlonger  10.0 MiB\n');
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      `model-${i}`,
      'x'.repeat(36),
      '2026-11-27 10:15:03Z',
      'someone',
      '1.5 MiB',
      '2',
    ]);
    const start = performance.now();
    const text = renderTable(
      ['NAME', 'ID', 'CREATED', 'AUTHOR', 'SIZE', 'ARTIFACTS'],
      rows,
      [4, 5],
    );
    expect(performance.now() - start).toBeLessThan(500);
    expect(text.split('\n')).toHaveLength(10_002);
  });
});
