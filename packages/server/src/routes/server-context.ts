import type { Ebonite } from '@ebonite/core';
import type { MetadataRepositoryV2 } from '@ebonite/core/plugin';
import type { MultipartLimits } from '../push/multipart-parts.js';
import type { RecentPushes } from '../push/recent-pushes.js';
import type { UploadSlots } from '../push/upload-slots.js';

/** What every route works with: the one client, the push limits and state. */
export interface ServerContext {
  client: Ebonite;
  limits: MultipartLimits;
  slots: UploadSlots;
  recent: RecentPushes;
  /** Whether requests are authenticated by tokens (then a change's author is the token's name). */
  tokensOn: boolean;
}

/** The prefix of every API route. */
export const API = '/api/v1';

/** The client's guarded metadata repository, with the methods of contract v2. */
export function v2Meta(client: Ebonite): MetadataRepositoryV2 {
  return client.meta as unknown as MetadataRepositoryV2;
}
