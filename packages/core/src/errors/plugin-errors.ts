import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** What a type string names: a metadata repository, an artifact repository or a model wrapper. */
export type PluginKind = 'metadata' | 'artifact' | 'wrapper';

/** No plugin provides this type string. */
export class UnknownRepositoryTypeError extends EboniteError<'E_UNKNOWN_REPOSITORY_TYPE'> {
  constructor(
    readonly kind: PluginKind,
    readonly typeName: string,
    readonly knownTypes: readonly string[],
    /** The project folders searched for installed plugin packages. */
    readonly searched: readonly string[] = [],
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_UNKNOWN_REPOSITORY_TYPE',
      `Unknown ${kind} type "${typeName}". Known ${kind} types: ${knownTypes.length ? knownTypes.join(', ') : '(none)'}. A third-party type needs its package installed in your project (with an "ebonite" field in its package.json) or registered with registerPlugin()${searched.length ? `; looked in the projects at ${searched.join(', ')} (pass { projectDir } to customClient or fromConfigFile when the program starts elsewhere)` : ''}.`,
      options,
    );
  }
}

/** The type string is known, but the package that provides it is not installed in the user's project. */
export class PluginNotInstalledError extends EboniteError<'E_PLUGIN_NOT_INSTALLED'> {
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

/**
 * A plugin is not usable: its package fails to load, it declares a type its `ebonitePlugin` does not
 * provide, its factory throws, or it returns something that is not a repository or wrapper of its kind.
 * The message names the type string and the package; `cause` holds the original failure.
 */
export class InvalidPluginError extends EboniteError<'E_INVALID_PLUGIN'> {
  readonly kind: PluginKind | undefined;
  readonly typeName: string | undefined;
  readonly packageName: string | undefined;

  constructor(
    message: string,
    options: EboniteErrorOptions & {
      kind?: PluginKind;
      typeName?: string;
      packageName?: string;
    } = {},
  ) {
    super('E_INVALID_PLUGIN', message, options);
    this.kind = options.kind;
    this.typeName = options.typeName;
    this.packageName = options.packageName;
  }
}

/** Two installed packages declare the same type string, and neither was registered explicitly. */
export class PluginConflictError extends EboniteError<'E_PLUGIN_CONFLICT'> {
  constructor(
    readonly kind: PluginKind,
    readonly typeName: string,
    readonly packageNames: readonly string[],
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_PLUGIN_CONFLICT',
      `The ${kind} type "${typeName}" is declared by more than one installed package: ${packageNames.join(', ')}. Uninstall all but one, or register the one to use with registerPlugin() (an explicit registration wins).`,
      options,
    );
  }
}
