import { EboniteError, isModuleMissing } from '@ebonite/core/plugin';

/**
 * The database driver a connection URL needs is not installed in the user's project. The drivers
 * (`pg`, `mysql2`, `better-sqlite3`) are optional peer dependencies of this package: a project installs
 * only its database's, and a URL for another database ends here (test/install.test.ts shows it with npm).
 */
export class DriverNotInstalledError extends EboniteError {
  constructor(
    readonly packageName: string,
    readonly database: string,
    options?: { cause?: unknown },
  ) {
    super(
      'E_PLUGIN_NOT_INSTALLED',
      `Connecting to ${database} needs the package ${packageName}, which is not installed in this project. Install it: npm install ${packageName} (or pnpm add ${packageName}).`,
      options,
    );
  }
}

/**
 * Imports a driver package on first use, so a SQLite user never loads pg and vice versa.
 * A missing package becomes {@link DriverNotInstalledError}; `importer` is injectable for tests.
 */
export async function loadDriver<T>(
  packageName: string,
  database: string,
  importer: (name: string) => Promise<unknown> = (name) => import(name),
): Promise<T> {
  try {
    const module = (await importer(packageName)) as { default?: T };
    return (module.default ?? module) as T;
  } catch (error) {
    if (isModuleMissing(error, packageName))
      throw new DriverNotInstalledError(packageName, database, { cause: error });
    throw error;
  }
}
