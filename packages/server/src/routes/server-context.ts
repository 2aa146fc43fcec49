import type { Ebonite } from '@ebonite/core';
import type { MultipartLimits } from '../push/multipart-parts.js';
import type { RecentPushes } from '../push/recent-pushes.js';
import type { UploadSlots } from '../push/upload-slots.js';

/** What every route works with: the one client, the push limits and state. */
export interface ServerContext {
  client: Ebonite;
  limits: MultipartLimits;
  slots: UploadSlots;
  recent: RecentPushes;
  /** Whether a change's author is the request token's name (tokens on, client authors not trusted). */
  signByToken: boolean;
}

/** The prefix of every API route. */
export const API = '/api/v1';
