/**
 * A real S3-protocol server for tests: the fauxqs emulator (in memory, real multipart ETags, no
 * signature checks) listening on 127.0.0.1 on an ephemeral port. It also answers ListMultipartUploads
 * (prefix and delimiter, one page), which fauxqs lacks, so in-progress uploads can be seen.
 *
 * ```ts
 * const server = await startS3Server();
 * await server.createBucket('models');
 * const client = new S3Client(server.clientConfig);
 * // ...
 * await server.stop();
 * ```
 */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Everything an `S3Client` needs to talk to it: endpoint, region, dummy credentials, path-style. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: true;
  };
  /** Creates a bucket (idempotent). */
  createBucket(name: string): Promise<void>;
  /** Keys under a prefix (one page, enough for tests). */
  listKeys(bucket: string, prefix: string): Promise<string[]>;
  /** Overwrites an object with raw bytes (fauxqs checks no signatures). */
  putObject(bucket: string, key: string, body: Uint8Array): Promise<void>;
  /** Stops the server and, for a child process, waits for it to exit. */
  stop(): Promise<void>;
  /** Child process only: kills it at once (SIGKILL), as a crashing server; resolves when it is gone. */
  kill(): Promise<void>;
}

export interface StartS3ServerOptions {
  /** Run the server in a child process: its memory is not counted in this process, and kill() crashes it. */
  childProcess?: boolean;
}

/** Starts an S3-protocol server on loopback. Always stop() it (an afterAll hook). */
export declare function startS3Server(options?: StartS3ServerOptions): Promise<S3TestServer>;
