import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type ArtifactSource,
  type Ebonite,
  EboniteError,
  InvalidInputError,
  Model,
  type ModelRecord,
} from '@ebonite/core';
import { validateArtifactNames, validateName, verifyStream } from '@ebonite/core/plugin';
import type { FastifyRequest } from 'fastify';
import {
  type MultipartLimits,
  multipartParts,
  type Part,
  requireMultipart,
} from './multipart-parts.js';
import { type ManifestArtifact, parseManifest } from './push-manifest.js';

/** The path of a push by name. */
export interface ModelsPath {
  project: string;
  task: string;
}

/**
 * `POST /api/v1/projects/{project}/tasks/{task}/models`: one multipart request, a `model` JSON field
 * first (the manifest: name (absent: the task's next version), description, params, tags,
 * requirements, and the files in the order they follow), then one file part per artifact, its `filename` the artifact name. The project and the task
 * are created when missing. The files stream into `client.pushModel`, so every rule of a push holds
 * (the name checked before any upload, the metadata committed only once every file is stored whole,
 * nothing left behind on failure); a file announced with size and digest must match them.
 */
export async function pushByName(
  client: Ebonite,
  request: FastifyRequest<{ Params: ModelsPath }>,
  limits: MultipartLimits,
): Promise<ModelRecord> {
  const { project, task: taskName } = request.params;
  validateName('project', project);
  validateName('task', taskName);
  requireMultipart(request.raw);
  const stop = new AbortController();
  const parts = multipartParts(request.raw, limits, stop.signal);
  const first = await parts.next();
  if (first.done || first.value.kind !== 'field' || first.value.field !== 'model') {
    if (!first.done && first.value.kind === 'file') first.value.body.resume();
    await parts.return(undefined);
    throw new InvalidInputError(
      'A push starts with the "model" field (JSON: name, artifacts: [{ name }], ...), then one file part per artifact in that order.',
    );
  }
  const manifest = parseManifest(first.value.value);
  const names = validateArtifactNames(manifest.artifacts.map((a) => a.name));
  const created = Model.create({
    ...(manifest.name !== undefined && { name: manifest.name }),
    ...(manifest.tags !== undefined && { tags: manifest.tags }),
    ...(manifest.description !== undefined && { description: manifest.description }),
    ...(manifest.params !== undefined && { params: manifest.params }),
    ...(manifest.requirements !== undefined && { requirements: manifest.requirements }),
    author: manifest.author ?? request.identity?.name ?? 'anonymous',
  });
  const pipes = names.map(() => new PassThrough());
  // A pipe the core never reached is destroyed unread: its error is reported by the push, not here.
  for (const pipe of pipes) pipe.on('error', () => undefined);
  // The sources in the manifest's order (Object.entries would put integer-like names first).
  const sources = new Map<string, ArtifactSource>(names.map((name, i) => [name, pipes[i]!]));
  const model = new Model(created.toRecord(), sources);
  const task = await client.getOrCreateTask(project, taskName);

  let feedFailure: unknown;
  const feeding = feed(parts, manifest.artifacts, pipes, model.id).catch((error: unknown) => {
    feedFailure = error;
    for (const pipe of pipes) if (!pipe.writableFinished) pipe.destroy(error as Error);
  });
  try {
    const pushed = await client.pushModel(model, task);
    await feeding;
    return pushed.toRecord();
  } catch (error) {
    const uploadProblem = feedFailure;
    const reason = new EboniteError('E_ARTIFACT_SOURCE', 'The push failed; nothing was kept.');
    for (const pipe of pipes) pipe.destroy(reason);
    stop.abort(reason);
    await feeding;
    // The upload's own problem (a digest that does not match, a file too large) says more.
    throw EboniteError.isInstance(uploadProblem) ? uploadProblem : error;
  }
}

/** Streams each file part into its source, in the manifest's order, checked when size and digest are given. */
async function feed(
  parts: AsyncGenerator<Part>,
  expected: ManifestArtifact[],
  pipes: PassThrough[],
  modelId: string,
): Promise<void> {
  let index = 0;
  for await (const part of parts) {
    if (part.kind === 'field') continue;
    const artifact = expected[index];
    const pipe = pipes[index];
    if (!artifact || !pipe || part.name !== artifact.name) {
      part.body.resume();
      throw new InvalidInputError(
        `File part "${part.name}" is not the next artifact the "model" field announces (${artifact ? `"${artifact.name}"` : 'no more files'}): send the files in the order of "artifacts".`,
      );
    }
    const body: Readable =
      artifact.size === undefined
        ? part.body
        : verifyStream(part.body, modelId, {
            name: artifact.name,
            size: artifact.size,
            digest: artifact.digest!,
          });
    await pipeline(body, pipe);
    index++;
  }
  if (index < expected.length)
    throw new InvalidInputError(
      `The push ended after ${index} of the ${expected.length} files the "model" field announces; nothing was kept.`,
    );
}
