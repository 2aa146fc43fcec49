import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Finds and loads packages as the user's project sees them, not as `@ebonite/core` does: under pnpm's
 * strict node_modules, a plugin the user installed is invisible from the core's own folder.
 */
export class ProjectPackages {
  readonly #require: NodeJS.Require;

  constructor(readonly projectDir: string = process.cwd()) {
    this.#require = createRequire(join(resolve(projectDir), '__ebonite_resolver__.js'));
  }

  /** The folder of an installed package, or undefined. Works whether or not the package exports `./package.json`. */
  packageDir(name: string): string | undefined {
    for (const base of this.#require.resolve.paths(name) ?? []) {
      const dir = join(base, name);
      if (existsSync(join(dir, 'package.json'))) return dir;
    }
    return undefined;
  }

  /** The parsed package.json of an installed package, or undefined. */
  packageJson(name: string): Record<string, unknown> | undefined {
    const dir = this.packageDir(name);
    if (!dir) return undefined;
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  /** The names of the packages the project declares (dependencies of every kind) in its nearest package.json. */
  declaredDependencies(): string[] {
    let dir = resolve(this.projectDir);
    while (true) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        try {
          const json = JSON.parse(readFileSync(file, 'utf8')) as Record<
            string,
            Record<string, string> | undefined
          >;
          return [
            ...new Set(
              [
                'dependencies',
                'devDependencies',
                'optionalDependencies',
                'peerDependencies',
              ].flatMap((k) => Object.keys(json[k] ?? {})),
            ),
          ];
        } catch {
          return [];
        }
      }
      const parent = dirname(dir);
      if (parent === dir) return [];
      dir = parent;
    }
  }

  /**
   * Imports a package's main entry: first as resolved from the project, then as resolved from the core
   * (npm's flat layout, or a plugin the core itself depends on). Resolves to undefined when it is not installed.
   */
  async import(name: string): Promise<Record<string, unknown> | undefined> {
    let entry: string | undefined;
    try {
      entry = this.#require.resolve(name);
    } catch {
      entry = undefined;
    }
    if (entry) return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    try {
      return (await import(name)) as Record<string, unknown>;
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
        String((error as Error).message).includes(name)
      )
        return undefined;
      throw error;
    }
  }
}
