import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EbonitePackageField } from '../contracts/ebonite-plugin.js';
import type { PluginKind } from '../errors/plugin-errors.js';
import { isModuleMissing } from '../kit/module-missing.js';

/** An installed package that declares plugin types in its package.json `"ebonite"` field. */
export interface DeclaringPackage {
  name: string;
  /** Whether the project's package.json lists it (else it was installed with `--no-save`, or by another package). */
  declared: boolean;
  types: string[];
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Finds and loads packages as the user's project sees them, not as `@ebonite/core` does: under pnpm's
 * strict node_modules, a plugin the user installed is invisible from the core's own folder. It looks
 * from each of `dirs` in order (a config file's folder, an explicit `projectDir`, the working
 * directory), so a program started from anywhere finds the plugins of the project it belongs to.
 */
export class ProjectPackages {
  readonly dirs: readonly string[];
  readonly #requires: NodeJS.Require[];
  #installed: Map<string, Record<string, unknown>> | undefined;

  constructor(dirs: string | readonly string[] = process.cwd()) {
    this.dirs = [...new Set((typeof dirs === 'string' ? [dirs] : dirs).map((d) => resolve(d)))];
    this.#requires = this.dirs.map((dir) => createRequire(join(dir, '__ebonite_resolver__.js')));
  }

  /** The folder of an installed package, or undefined. Works whether or not the package exports `./package.json`. */
  packageDir(name: string): string | undefined {
    for (const require of this.#requires) {
      for (const base of require.resolve.paths(name) ?? []) {
        const dir = join(base, name);
        if (existsSync(join(dir, 'package.json'))) return dir;
      }
    }
    return undefined;
  }

  /** The parsed package.json of an installed package, or undefined. */
  packageJson(name: string): Record<string, unknown> | undefined {
    const dir = this.packageDir(name);
    return dir ? readJson(join(dir, 'package.json')) : undefined;
  }

  /** The names of the packages the projects declare (dependencies of every kind) in their nearest package.json. */
  declaredDependencies(): string[] {
    const names = new Set<string>();
    for (const start of this.dirs) {
      for (let dir = start; ; dir = dirname(dir)) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
          const json = (readJson(file) ?? {}) as Record<string, Record<string, string> | undefined>;
          for (const key of [
            'dependencies',
            'devDependencies',
            'optionalDependencies',
            'peerDependencies',
          ])
            for (const name of Object.keys(json[key] ?? {})) names.add(name);
          break;
        }
        if (dirname(dir) === dir) break;
      }
    }
    return [...names];
  }

  /**
   * Every installed package that declares types of `kind`: first those the projects declare, then
   * those found in the `node_modules` folders the projects resolve from (installed with `--no-save`,
   * or brought in by another package). Reading those folders happens only when asked.
   */
  declaringPackages(kind: PluginKind, { undeclared }: { undeclared: boolean }): DeclaringPackage[] {
    const found = new Map<string, DeclaringPackage>();
    const add = (name: string, json: Record<string, unknown> | undefined, declared: boolean) => {
      const types = (json?.ebonite as EbonitePackageField | undefined)?.[kind];
      if (found.has(name) || !Array.isArray(types)) return;
      found.set(name, { name, declared, types: types.filter((t) => typeof t === 'string') });
    };
    for (const name of this.declaredDependencies()) add(name, this.packageJson(name), true);
    if (undeclared) for (const [name, json] of this.#installedPackages()) add(name, json, false);
    return [...found.values()];
  }

  /**
   * Imports a package's main entry: first as resolved from the projects, then as resolved from the core
   * (npm's flat layout, or a plugin the core itself depends on). Resolves to undefined when it is not installed.
   */
  async import(name: string): Promise<Record<string, unknown> | undefined> {
    for (const require of this.#requires) {
      let entry: string | undefined;
      try {
        entry = require.resolve(name);
      } catch {
        continue;
      }
      return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    }
    try {
      return (await import(name)) as Record<string, unknown>;
    } catch (error) {
      if (isModuleMissing(error, name)) return undefined;
      throw error;
    }
  }

  /** The package.json of every package in the node_modules folders the projects resolve from. */
  #installedPackages(): Map<string, Record<string, unknown>> {
    if (this.#installed) return this.#installed;
    const installed = new Map<string, Record<string, unknown>>();
    const folders = new Set(this.#requires.flatMap((r) => r.resolve.paths('x') ?? []));
    for (const folder of folders) {
      for (const entry of safeList(folder)) {
        const names = entry.startsWith('@')
          ? safeList(join(folder, entry)).map((n) => `${entry}/${n}`)
          : [entry];
        for (const name of names) {
          if (installed.has(name) || name.startsWith('.')) continue;
          const json = readJson(join(folder, name, 'package.json'));
          if (json?.ebonite) installed.set(name, json);
        }
      }
    }
    this.#installed = installed;
    return installed;
  }
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
