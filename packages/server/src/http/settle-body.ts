import type { FastifyReply, FastifyRequest } from 'fastify';

/** The most bytes of an unread body the server reads and discards to answer on a kept-alive connection. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * Called when a push ends before its body was read whole (a taken id, a bad name, a failure): reads
 * and discards the rest when it is small, so the client gets the answer on its open connection;
 * otherwise answers with `Connection: close`, so the server never reads a large body it will not use.
 */
export async function settleBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return;
  const declared = Number(raw.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT) {
    reply.header('connection', 'close');
    return;
  }
  await new Promise<void>((resolve) => {
    let seen = 0;
    const done = () => {
      raw.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= DRAIN_LIMIT) return;
      reply.header('connection', 'close');
      raw.pause();
      done();
    };
    raw.on('data', onData);
    raw.once('end', done);
    raw.once('close', done);
    raw.resume();
  });
}
