import type { EbonitePackageField, EbonitePlugin, JsonObject } from '@ebonite/core/plugin';

/** The options one type string is built with: JSON, or a function making them (a temp folder, a URL...). */
export type PluginTypeOptions = JsonObject | (() => JsonObject | Promise<JsonObject>);

/** Options of {@link pluginTests}. */
export interface PluginTestOptions {
  /** The `describe()` label; default: the package name. */
  name?: string;
  /** The package's `ebonitePlugin` export. */
  plugin: EbonitePlugin;
  /** The package's package.json (import it `with { type: 'json' }`); its `"ebonite"` field is checked. */
  packageJson: { name?: string; ebonite?: EbonitePackageField };
  /** By type string, the options each factory is built with (for a metadata and an artifact type alike); default `{}`. */
  options?: Record<string, PluginTypeOptions>;
}
