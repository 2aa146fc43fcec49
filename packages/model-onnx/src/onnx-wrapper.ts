import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EboniteError,
  InvalidInputError,
  type JsonObject,
  type ModelArtifacts,
  type ModelWrapper,
  ProjectPackages,
  type WrapperRecord,
} from '@ebonite/core/plugin';
import type { InferenceSession } from 'onnxruntime-node';
import { type ByteSource, fileSource, memorySource } from './byte-source.js';
import { DATA_FILE, MODEL_FILE, planLayout, weightsStream } from './onnx-layout.js';
import { OnnxModel } from './onnx-model.js';
import { isOnnxSource, sourcePath } from './onnx-source.js';
import { loadOrt } from './runtime.js';
import { sessionSignature } from './signatures.js';

/** Options of the `onnx` wrapper (`wrapperOptions` of `Model.create`). */
export interface OnnxWrapperOptions {
  /** onnxruntime-node session options for the session that reads the signature. */
  sessionOptions?: InferenceSession.SessionOptions;
}

const PACKAGE = '@ebonite/model-onnx';
const RUNTIME = 'onnxruntime-node';
const REQUIREMENTS = [PACKAGE, RUNTIME];
/**
 * A graph without external data up to this size loads from memory; anything else from a temporary
 * folder. onnxruntime copies a graph it is handed in memory (protobuf parse, then tensors), so bytes
 * read into memory first cost their size once more (plus the read's chunks until collected): small
 * enough here to be noise, where a 30 MB graph cost about 60 MiB more than a session on its file.
 */
const IN_MEMORY_LIMIT = 4 * 1024 * 1024;
/** Errors only: onnxruntime's shape-merge warnings are noise for a wrapper. */
const DEFAULT_SESSION_OPTIONS: InferenceSession.SessionOptions = { logSeverityLevel: 3 };
const ownVersion = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;

async function createSession(
  source: Uint8Array | string,
  options: InferenceSession.SessionOptions | undefined,
  what: string,
): Promise<InferenceSession> {
  const ort = await loadOrt();
  try {
    return typeof source === 'string'
      ? await ort.InferenceSession.create(source, { ...DEFAULT_SESSION_OPTIONS, ...options })
      : await ort.InferenceSession.create(source, { ...DEFAULT_SESSION_OPTIONS, ...options });
  } catch (cause) {
    throw new InvalidInputError(
      `onnxruntime-node cannot load ${what}: ${(cause as Error).message ?? cause}. Check it is a valid ONNX model (opset and operators supported by onnxruntime-node).`,
      { cause },
    );
  }
}

/** The inputs a record says are of unknown rank (`shape: null`), so a loaded model reports them so too. */
function recordedUnknownRank(record: WrapperRecord): Set<string> {
  const inputs = record.methods.predict?.inputs ?? [];
  return new Set(inputs.flatMap((v) => (v.kind === 'tensor' && v.shape === null ? [v.name] : [])));
}

async function openSource(object: unknown): Promise<{ source: ByteSource; path?: string }> {
  if (object instanceof Uint8Array) return { source: memorySource(object) };
  const path = sourcePath(object);
  if (path === undefined)
    throw new InvalidInputError(
      'The onnx wrapper takes the bytes of an ONNX model (Uint8Array/Buffer) or the path of a .onnx file.',
    );
  try {
    return { source: await fileSource(path), path };
  } catch (cause) {
    throw new InvalidInputError(
      `Cannot read the ONNX model ${path}: check that the file exists and is readable.`,
      { cause },
    );
  }
}

/**
 * The `onnx` model wrapper on onnxruntime-node: wraps an ONNX graph given as bytes or as the path of a
 * `.onnx` file and records method `predict` with the signature onnxruntime reports. The graph is stored
 * as `model.onnx`, its initializers of 64 KiB or more in `model.onnx.data` (ONNX external data, page
 * aligned), so a load maps the weights from disk instead of copying them.
 */
export class OnnxWrapper implements ModelWrapper {
  static readonly type = 'onnx';
  readonly type = OnnxWrapper.type;
  readonly specificationVersion = 'v1';
  readonly version: string = ownVersion;

  recognizes(object: unknown): boolean {
    return isOnnxSource(object);
  }

  async wrap(object: unknown, options: JsonObject = {}): Promise<OnnxModel> {
    const sessionOptions = (options as OnnxWrapperOptions).sessionOptions;
    await loadOrt();
    const { source, path } = await openSource(object);
    let layout: Awaited<ReturnType<typeof planLayout>>;
    try {
      layout = await planLayout(source, path, path === undefined ? undefined : dirname(path));
    } finally {
      if (path !== undefined) await source.close();
    }
    const what = path ?? `the ${source.size} bytes given`;
    // The signature comes from a session on the skeleton (weights as inputs): no weight is read. A graph
    // whose operators need constant weights at load time falls back to a session on the whole model.
    let session: InferenceSession;
    let hidden: ReadonlySet<string> = layout.initializers;
    try {
      session = await createSession(layout.skeleton, sessionOptions, what);
    } catch {
      session = await createSession(path ?? (object as Uint8Array), sessionOptions, what);
      hidden = new Set();
    }
    const artifacts = {
      [MODEL_FILE]: layout.graph ?? (path === undefined ? (object as Uint8Array) : { path }),
      ...(layout.weights.length && { [DATA_FILE]: weightsStream(source, layout) }),
    };
    const outputs = sessionSignature(session, hidden, layout.unknownRank).outputs.flatMap((v) =>
      v.kind === 'tensor' ? [v.name] : [],
    );
    const data = {
      file: MODEL_FILE,
      externalData: layout.weights.length ? DATA_FILE : null,
      outputs,
    };
    return new OnnxModel(session, REQUIREMENTS, {
      hidden,
      unknownRank: layout.unknownRank,
      runnable: false,
      saved: { artifacts, data },
    });
  }

  async load(files: ModelArtifacts, record: WrapperRecord): Promise<OnnxModel> {
    const file = typeof record.data.file === 'string' ? record.data.file : MODEL_FILE;
    const descriptor = (await files.list()).find((d) => d.name === file);
    if (!descriptor)
      throw new EboniteError(
        'E_NO_SUCH_ARTIFACT',
        `The ONNX model has no file "${file}" among its artifacts: push it again.`,
      );
    await loadOrt();
    const unknownRank = recordedUnknownRank(record);
    if (typeof record.data.externalData !== 'string' && descriptor.size <= IN_MEMORY_LIMIT) {
      const bytes = Buffer.allocUnsafe(descriptor.size);
      let at = 0;
      // The stream is verified against the descriptor: never more than its size.
      for await (const chunk of await files.open(file)) at += (chunk as Buffer).copy(bytes, at);
      return new OnnxModel(
        await createSession(bytes.subarray(0, at), undefined, file),
        REQUIREMENTS,
        { runnable: true, unknownRank },
      );
    }
    // Through a temporary folder: onnxruntime maps the external data from there instead of copying it.
    const dir = await mkdtemp(join(tmpdir(), 'ebonite-onnx-'));
    const remove = () => rm(dir, { recursive: true, force: true, maxRetries: 2 });
    try {
      await files.materialize(dir);
      const session = await createSession(join(dir, ...file.split('/')), undefined, file);
      // Removed at once where an open mapping keeps the data alive (POSIX); else when the model is disposed.
      const removed = await remove().then(
        () => true,
        () => false,
      );
      return new OnnxModel(session, REQUIREMENTS, {
        runnable: true,
        unknownRank,
        ...(!removed && { cleanup: () => remove().catch(() => undefined) }),
      });
    } catch (error) {
      await remove().catch(() => undefined);
      throw error;
    }
  }

  packageVersion(name: string): string | undefined {
    if (name === PACKAGE) return this.version;
    const version = new ProjectPackages(dirname(fileURLToPath(import.meta.url))).packageJson(
      name,
    )?.version;
    return typeof version === 'string' ? version : undefined;
  }
}

/** The `onnx` wrapper. */
export const onnxWrapper = new OnnxWrapper();
