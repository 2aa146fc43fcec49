import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdsCredentials, redactCredentials } from '../src/config/credentials.js';

// Issue 9, item 9: a password must never reach a message or a world-readable config file.
describe('redactCredentials', () => {
  it.each([
    ['postgresql:app:S3cret@db/x', 'postgresql:app:***@db/x'],
    ['postgres://app:S3cret@db:5432/x', 'postgres://app:***@db:5432/x'],
    ['mysql://u:pa:ss@h/d', 'mysql://u:***@h/d'],
    ['mariadb://u:p@ss@h/d', 'mariadb://u:***@h/d'],
    ['connect postgresql:app:S3cret@db/x failed', 'connect postgresql:app:***@db/x failed'],
    ['postgres://h/d?user=a&password=S3cret&ssl=1', 'postgres://h/d?user=a&password=***&ssl=1'],
  ])('redacts %s', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it.each(['sqlite:///tmp/a.db', 'http://host:8080/path', 'postgres://app@db/x', 'no url here'])(
    'leaves %s alone',
    (text) => {
      expect(redactCredentials(text)).toBe(text);
    },
  );

  it('tells options holding a secret', () => {
    expect(holdsCredentials({ url: 'postgres://a:b@h/d' })).toBe(true);
    expect(holdsCredentials({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })).toBe(
      true,
    );
    expect(holdsCredentials({ url: 'postgres://a@h/d', bucket: 'x' })).toBe(false);
  });
});

describe('saveClientConfig', () => {
  it('writes a config holding a credential readable by its owner only (0600)', async () => {
    const { Ebonite } = await import('../src/index.js');
    const dir = await mkdtemp(join(tmpdir(), 'ebonite-config-'));
    try {
      const meta = fakeRepository('metadata', { url: 'postgres://app:S3cret@db/x' });
      const art = fakeRepository('artifact', { bucket: 'b' });
      const client = new Ebonite(meta as never, art as never);
      await client.saveClientConfig(join(dir, 'secret.json'));
      expect((await stat(join(dir, 'secret.json'))).mode & 0o777).toBe(0o600);
      const plain = new Ebonite(fakeRepository('metadata', { path: '/x' }) as never, art as never);
      await plain.saveClientConfig(join(dir, 'plain.json'));
      expect((await stat(join(dir, 'plain.json'))).mode & 0o077).not.toBe(0);
      expect(await readFile(join(dir, 'plain.json'), 'utf8')).toContain('"/x"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function fakeRepository(kind: string, config: Record<string, unknown>) {
  // A minimal repository: saveClientConfig only reads type and getConfig.
  return {
    specificationVersion: 'v1',
    type: `test-${kind}`,
    getConfig: () => config,
    close: async () => {},
  };
}
