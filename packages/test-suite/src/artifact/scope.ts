import type { Readable } from 'node:stream';
import { type ArtifactRepository, type ArtifactUpload, newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import { runInScope } from '../run-scope.js';
import { bytesStream, bytesSummary, readAll } from '../streams.js';
import type { ArtifactRepositoryTestOptions } from './options.js';

/** A file to push: bytes, or a function making its stream (called once, when the repository asks for it). */
export type TestFile = Uint8Array | (() => Readable);

/** The files of a push as the contract's async iterable, each stream made only when it is reached. */
export async function* uploads(files: Record<string, TestFile>): AsyncGenerator<ArtifactUpload> {
  for (const [name, file] of Object.entries(files)) {
    yield { name, body: typeof file === 'function' ? file() : bytesStream(file) };
  }
}

/** UTF-8 bytes of a string. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * One repository for the length of a check, plus model ids whose files are deleted (best effort) when
 * the check ends.
 */
export class ArtifactScope {
  private readonly modelIds = new Set<string>();

  constructor(
    readonly repo: ArtifactRepository,
    readonly options: ArtifactRepositoryTestOptions,
  ) {}

  /** A fresh model id (a UUIDv7, or `prefix` plus a random part) cleaned up at the end. */
  modelId(id = newId()): string {
    this.modelIds.add(id);
    return id;
  }

  /** Pushes small files. */
  push(modelId: string, files: Record<string, TestFile>) {
    return this.repo.push(modelId, uploads(files));
  }

  /** Reads one whole (small) file through the repository. */
  async read(modelId: string, name: string): Promise<Buffer> {
    return readAll(await this.repo.open(modelId, name));
  }

  /** Asserts that the repository lists and returns exactly these files. */
  async expectFiles(modelId: string, files: Record<string, Uint8Array>): Promise<void> {
    const names = Object.keys(files).sort();
    const listed = await this.repo.list(modelId);
    expect(listed, `list(${modelId})`).toEqual(
      names.map((name) => ({ name, size: files[name]?.length })),
    );
    for (const name of names)
      expect(bytesSummary(await this.read(modelId, name)), `open(${modelId}, ${name})`).toEqual(
        bytesSummary(files[name] as Uint8Array),
      );
    await this.stored(modelId, files);
  }

  /** With a read-back hook, asserts the store holds these bytes (`null`: no such file). */
  async stored(modelId: string, files: Record<string, Uint8Array | null>): Promise<void> {
    const readBack = this.options.readBack;
    if (!readBack) return;
    for (const [name, bytes] of Object.entries(files)) {
      const actual = await readBack.file(modelId, name);
      expect(bytesSummary(actual), `read back ${modelId}/${name} directly from the store`).toEqual(
        bytesSummary(bytes),
      );
    }
  }

  close(): Promise<void> {
    return this.repo.close();
  }

  /** Deletes the tracked models' files, ignoring failures (the check's own result matters more). */
  async cleanUp(): Promise<void> {
    for (const id of this.modelIds) {
      try {
        await this.repo.delete(id);
      } catch {
        // the repository under test is broken: the check reports that
      }
    }
  }
}

/** Runs `fn` with a fresh repository from `options.create()`, then cleans up and closes it (once). */
export async function withArtifacts(
  options: ArtifactRepositoryTestOptions,
  fn: (scope: ArtifactScope) => Promise<void>,
): Promise<void> {
  const scope = new ArtifactScope(await options.create(), options);
  return runInScope(scope, fn);
}
