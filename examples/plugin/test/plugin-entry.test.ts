import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginTests } from '@ebonite/test-suite';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/index.js';

pluginTests({
  plugin: ebonitePlugin,
  packageJson,
  options: { cas: async () => ({ root: await mkdtemp(join(tmpdir(), 'ebonite-cas-plugin-')) }) },
});

describe('the root README', () => {
  it('shows the conformance suite exactly as test/readme-snippet.test.ts runs it', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const snippet = await readFile(new URL('./readme-snippet.test.ts', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${snippet}\`\`\``);
  });

  it('rejects an unknown option of the type cas by the one rule', () => {
    expect(() => ebonitePlugin.artifact!.cas!({ root: '/tmp/x', rot: 1 })).toThrow(
      'The artifact type "cas": unknown option "rot". It accepts the options root.',
    );
  });
});
