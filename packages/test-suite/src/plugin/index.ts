import {
  type ArtifactRepository,
  CONTRACT_METHODS,
  type EbonitePackageField,
  type JsonObject,
  type MetadataRepositoryV1,
  type MetadataRepositoryV2,
} from '@ebonite/core/plugin';
import { expect } from 'vitest';
import { type CheckGroup, registerChecks } from '../check.js';
import type { PluginTestOptions } from './options.js';

type RepositoryKind = 'metadata' | 'artifact';
type Repository = MetadataRepositoryV1 | MetadataRepositoryV2 | ArtifactRepository;

const KINDS: (keyof EbonitePackageField)[] = ['metadata', 'artifact', 'wrapper'];

/** Every repository type of the plugin, as [kind, type string]. */
function repositoryTypes(o: PluginTestOptions): [RepositoryKind, string][] {
  return (['metadata', 'artifact'] as const).flatMap((kind) =>
    Object.keys(o.plugin[kind] ?? {}).map((type): [RepositoryKind, string] => [kind, type]),
  );
}

async function optionsOf(o: PluginTestOptions, type: string): Promise<JsonObject> {
  const given = o.options?.[type] ?? {};
  return typeof given === 'function' ? await given() : given;
}

/** Builds a repository with the plugin's factory; `what` names it in failures. */
async function build(
  o: PluginTestOptions,
  kind: RepositoryKind,
  type: string,
  options: JsonObject,
): Promise<Repository> {
  const factory = o.plugin[kind]?.[type];
  if (!factory) throw new Error(`The plugin has no ${kind} factory for "${type}".`);
  return factory(options);
}

/** Runs `fn` on each repository type's repository, closing every repository it builds. */
async function eachRepository(
  o: PluginTestOptions,
  fn: (kind: RepositoryKind, type: string, repo: Repository, built: Repository[]) => Promise<void>,
): Promise<void> {
  for (const [kind, type] of repositoryTypes(o)) {
    const built: Repository[] = [];
    try {
      const repo = await build(o, kind, type, await optionsOf(o, type));
      built.push(repo);
      await fn(kind, type, repo, built);
    } finally {
      for (const repo of built) await repo.close();
    }
  }
}

/** The plugin entry and package.json of a plugin package, and each factory's repository. */
export const pluginCheckGroups: CheckGroup<PluginTestOptions>[] = [
  {
    name: 'plugin entry',
    checks: [
      {
        name: 'the type strings of ebonitePlugin and of the package.json "ebonite" field are the same, both ways',
        run: async (o) => {
          const field = o.packageJson.ebonite;
          expect(field, 'the "ebonite" field of package.json').toBeTypeOf('object');
          for (const kind of KINDS) {
            const exported = Object.keys(o.plugin[kind] ?? {}).sort();
            const declared = [...(field?.[kind] ?? [])].sort();
            expect(exported, `${kind} types: ebonitePlugin vs package.json "ebonite"`).toEqual(
              declared,
            );
          }
        },
      },
      {
        name: 'each factory builds a repository of its kind: a known specificationVersion and the methods of its contract',
        run: (o) =>
          eachRepository(o, async (kind, type, repo) => {
            const version: string = repo.specificationVersion;
            expect(
              kind === 'metadata' ? ['v1', 'v2'] : ['v1'],
              `${kind} type "${type}": specificationVersion`,
            ).toContain(version);
            expect(repo.type, `${kind} type "${type}": type`).toBeTypeOf('string');
            const methods: readonly string[] =
              kind === 'metadata' && version === 'v2'
                ? CONTRACT_METHODS.metadataV2
                : CONTRACT_METHODS[kind];
            const missing = methods.filter(
              (method) =>
                typeof (repo as unknown as Record<string, unknown>)[method] !== 'function',
            );
            expect(missing, `${kind} type "${type}": methods missing from the contract`).toEqual(
              [],
            );
          }),
      },
      {
        name: 'getConfig() round-trips through the factory: the rebuilt repository gives the same config',
        run: (o) =>
          eachRepository(o, async (kind, type, repo, built) => {
            const config = repo.getConfig?.();
            expect(
              config,
              `${kind} type "${type}": getConfig() of a factory-built repository`,
            ).toBeTypeOf('object');
            const json = JSON.parse(JSON.stringify(config)) as JsonObject;
            expect(json, `${kind} type "${type}": getConfig() is JSON`).toEqual(config);
            const rebuilt = await build(o, kind, type, json);
            built.push(rebuilt);
            expect(
              rebuilt.getConfig?.(),
              `${kind} type "${type}": getConfig() of the repository rebuilt from getConfig()`,
            ).toEqual(config);
          }),
      },
    ],
  },
];

/**
 * Registers the checks of a plugin package as vitest `describe`/`it` blocks: its `ebonitePlugin`
 * against its package.json, and each factory's repository and `getConfig()` round trip.
 *
 * ```ts
 * import packageJson from '../package.json' with { type: 'json' };
 * pluginTests({ plugin: ebonitePlugin, packageJson, options: { mytype: { root } } });
 * ```
 */
export function pluginTests(options: PluginTestOptions): void {
  registerChecks(
    options.name ?? `plugin ${options.packageJson.name ?? ''}`.trim(),
    pluginCheckGroups,
    options,
  );
}
