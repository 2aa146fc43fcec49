import type { EbonitePlugin } from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../src/check.js';
import { pluginTests } from '../src/index.js';
import { pluginCheckGroups } from '../src/plugin/index.js';
import type { PluginTestOptions } from '../src/plugin/options.js';
import {
  lossyConfigPlugin,
  referencePackageJson,
  referencePlugin,
  undeclaredTypePlugin,
  unfaithfulConfigPlugin,
  unversionedPlugin,
} from './reference/reference-plugin.js';

const options = (plugin: EbonitePlugin, packageJson = referencePackageJson): PluginTestOptions => ({
  plugin,
  packageJson,
  options: { ref: { label: 'one' } },
});

pluginTests(options(referencePlugin));

const GROUP = 'plugin entry';
const TYPES =
  'the type strings of ebonitePlugin and of the package.json "ebonite" field are the same, both ways';
const KIND =
  'each factory builds a repository of its kind: a known specificationVersion and the methods of its contract';
const ROUND_TRIP =
  'getConfig() round-trips through the factory: the rebuilt repository gives the same config';

describe('the plugin checks fail on broken plugins', () => {
  const cases: Array<[string, PluginTestOptions, string, RegExp]> = [
    ['a type exported but not declared', options(undeclaredTypePlugin), TYPES, /artifact types/],
    [
      'a type declared but not exported',
      options(referencePlugin, {
        ...referencePackageJson,
        ebonite: { metadata: ['ref', 'other'], artifact: ['ref'] },
      }),
      TYPES,
      /metadata types/,
    ],
    [
      'no "ebonite" field',
      options(referencePlugin, { name: 'x' } as typeof referencePackageJson),
      TYPES,
      /"ebonite" field/,
    ],
    [
      'a repository without specificationVersion',
      options(unversionedPlugin),
      KIND,
      /specificationVersion/,
    ],
    [
      'a getConfig() the factory rejects',
      options(unfaithfulConfigPlugin),
      ROUND_TRIP,
      /E_INVALID_CONFIG|unknown option "name"/,
    ],
    ['a getConfig() that loses an option', options(lossyConfigPlugin), ROUND_TRIP, /rebuilt/],
  ];
  for (const [label, broken, name, reason] of cases) {
    it(`${label}: "${name}"`, async () => {
      const check = findCheck(pluginCheckGroups, GROUP, name);
      await expect(check.run(broken)).rejects.toThrow(reason);
      await expect(check.run(options(referencePlugin))).resolves.toBeUndefined();
    });
  }
});
