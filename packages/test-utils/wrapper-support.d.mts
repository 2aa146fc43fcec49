export interface WrapperSupportOptions {
  /** The wrapper package's folder (its dependencies provide the registries' plugins). */
  self: string;
  /** The name prefix of user-project folders. */
  projectPrefix: string;
  /** The wrapper's runtime modules (name -> version range), linked into user projects. */
  runtimeModules: Record<string, string>;
}

/** The support of one wrapper package's tests; `R` is the client type (`Ebonite`). */
export declare function wrapperSupport<R = unknown>(
  options: WrapperSupportOptions,
): {
  /** A fresh temporary folder, removed by `cleanTemporary` (in afterAll). */
  tempDir(prefix: string): Promise<string>;
  cleanTemporary(): Promise<void>;
  /** A user's project as npm would lay it out: @ebonite packages (built) and the runtime (unless `runtime: false`). */
  userProject(options?: { runtime?: boolean }): Promise<string>;
  /** A registry on plain files in `dir`. */
  localRegistry(dir: string): Promise<R>;
  /** Metadata in SQLite (type `sqlalchemy`) in `dir`, artifacts in the S3 emulator at `endpoint`. */
  sqlS3Registry(dir: string, endpoint: string): Promise<R>;
};
