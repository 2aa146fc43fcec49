/** A fresh temporary folder (under `parent`, the OS's temp folder by default), and a function that removes it. */
export declare function tempFolder(
  prefix: string,
  parent?: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }>;

/** Runs `work` in a fresh temporary folder and removes the folder afterwards, whatever happened. */
export declare function withTempFolder<T>(
  prefix: string,
  work: (dir: string) => Promise<T>,
  parent?: string,
): Promise<T>;

/** A set of temporary folders made one by one (`make`) and removed together (`cleanup`, e.g. in afterAll). */
export declare function temporaryFolders(): {
  make(prefix: string): Promise<string>;
  makeSync(prefix: string): string;
  cleanup(): Promise<void>;
};
