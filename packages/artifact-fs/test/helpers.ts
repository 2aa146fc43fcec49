import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactUpload } from '@ebonite/core';

/** A fresh temporary folder, and a function that removes it. */
export async function tempFolder(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ebonite-artifact-fs-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Uploads from name -> bytes, as the AsyncIterable push() consumes. */
export async function* uploads(files: Record<string, Uint8Array | string | Readable>): AsyncGenerator<ArtifactUpload> {
  for (const [name, content] of Object.entries(files)) {
    yield { name, body: content instanceof Readable ? content : Readable.from([Buffer.from(content)]) };
  }
}

/** Reads a stream to the end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that yields `chunks` then fails, like a source that breaks mid-way. */
export function failingStream(chunks: number, chunkSize = 64 * 1024): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < chunks; i++) yield Buffer.alloc(chunkSize, i);
      throw new Error('source broke');
    })(),
  );
}

/** Every path under `dir`, relative, sorted (folders too). */
export async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.map((entry) => entry.split(path.sep).join('/')).sort();
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
