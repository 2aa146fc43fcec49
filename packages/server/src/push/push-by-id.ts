import { type Ebonite, EboniteError } from '@ebonite/core';
import { type ArtifactUpload, type StoredArtifact, validateId } from '@ebonite/core/plugin';
import type { FastifyRequest } from 'fastify';
import { type MultipartLimits, multipartParts, requireMultipart } from './multipart-parts.js';
import type { RecentPushes } from './recent-pushes.js';

/** The field a client sends instead of the rest of its files when its own source failed mid-push. */
export const ABORT_FIELD = 'abort';

/**
 * `PUT /api/v1/artifacts/{modelId}`: the artifact repository's `push`, for the `http` artifact
 * repository. Each file part streams through the server's core (names checked, sized and hashed) into
 * its artifact repository; the push succeeds only when the body ended whole. An `abort` field (the
 * client's source failed) or a disconnect fails it, and the core removes what was written before the
 * answer goes out, so the client sees no file of the model afterwards.
 */
export async function pushById(
  client: Ebonite,
  request: FastifyRequest<{ Params: { modelId: string } }>,
  limits: MultipartLimits,
  recent: RecentPushes,
): Promise<StoredArtifact[]> {
  const modelId = validateId('model', request.params.modelId);
  requireMultipart(request.raw);
  const parts = multipartParts(request.raw, limits);
  async function* files(): AsyncGenerator<ArtifactUpload> {
    for await (const part of parts) {
      if (part.kind === 'file') {
        yield { name: part.name, body: part.body };
      } else if (part.field === ABORT_FIELD) {
        throw new EboniteError(
          'E_ARTIFACT_SOURCE',
          `The client gave up the push of model ${modelId} (${part.value.slice(0, 500)}); nothing was kept.`,
        );
      }
    }
  }
  const descriptors = await client.artifacts.push(modelId, files());
  recent.remember(modelId, descriptors);
  return descriptors.map(({ name, size }) => ({ name, size }));
}
