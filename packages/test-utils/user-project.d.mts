export interface UserProjectOptions {
  /** The (empty) folder to lay the project out in. */
  dir: string;
  /** The folder of the package under test; its siblings are the workspace's other packages. */
  self: string;
  /** Workspace packages (folder names, e.g. 'core') linked into node_modules/@ebonite and listed as dependencies. */
  packages: string[];
  /** Runtime modules of the package under test (name -> version range), linked from its node_modules. */
  runtimeModules?: Record<string, string>;
  /** false: no runtime modules, and the package under test copied rather than linked. Default true. */
  runtime?: boolean;
}

/** Lays out a user's project as npm would, on the workspace's built packages; resolves to `dir`. */
export declare function userProject(options: UserProjectOptions): Promise<string>;

/** Runs an ES module script in a new Node process inside `project`; resolves to the JSON it prints last. */
export declare function runScript<T = any>(project: string, script: string): Promise<T>;
