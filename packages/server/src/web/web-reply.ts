import type { FastifyReply } from 'fastify';
import { type Html, render } from './html.js';

/** A page's query string or form body: each field once, or repeated. */
export type Fields = Record<string, string | string[] | undefined>;
/** The path of a task's pages. */
export type TaskParams = { project: string; task: string };
/** The path of a model's pages. */
export type ModelParams = TaskParams & { model: string };

/** Sends a page: HTML, never cached (it shows what the token may see, as it is now). */
export function sendPage(reply: FastifyReply, body: Html): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(render(body));
}

/** The first value of a field given once or repeated. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
