import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** What a type string names: a metadata repository, an artifact repository or a model wrapper. */
export type PluginKind = 'metadata' | 'artifact' | 'wrapper';

/** No plugin provides this type string. */
export class UnknownRepositoryTypeError extends EboniteError {
  constructor(
    readonly kind: PluginKind,
    readonly typeName: string,
    readonly knownTypes: readonly string[],
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_UNKNOWN_REPOSITORY_TYPE',
      `Unknown ${kind} type "${typeName}". Known ${kind} types: ${knownTypes.length ? knownTypes.join(', ') : '(none)'}. A third-party type needs its package installed in your project (with an "ebonite" field in its package.json) or registered with registerPlugin().`,
      options,
    );
  }
}

/** The type string is known, but the package that provides it is not installed in the user's project. */
export class PluginNotInstalledError extends EboniteError {
  constructor(
    readonly kind: PluginKind,
    readonly typeName: string,
    readonly packageName: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_PLUGIN_NOT_INSTALLED',
      `The ${kind} type "${typeName}" is provided by ${packageName}, which is not installed in this project. Install it: npm install ${packageName} (or pnpm add ${packageName}).`,
      options,
    );
  }
}
