import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The files the pages load, read once from the package's `assets/` folder. */
interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** `GET /assets/:file`: the stylesheet and the script, public, with an ETag and a short cache. */
export function assetRoutes(app: FastifyInstance, assetsDir: string): void {
  const assets = loadAssets(assetsDir);
  const publicRoute = { config: { access: 'public' as const } };
  app.get<{ Params: { file: string } }>('/assets/:file', publicRoute, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.code(404).type('text/plain').send('no such asset');
    reply.header('etag', asset.etag).header('cache-control', 'public, max-age=300');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
}

function loadAssets(dir: string): Map<string, Asset> {
  const types: Record<string, string> = {
    'style.css': 'text/css; charset=utf-8',
    'app.js': 'text/javascript; charset=utf-8',
  };
  const out = new Map<string, Asset>();
  for (const [file, type] of Object.entries(types)) {
    const body = readFileSync(join(dir, file));
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    out.set(file, { body, type, etag });
  }
  return out;
}
