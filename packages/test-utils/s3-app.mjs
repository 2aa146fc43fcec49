// The fauxqs app both S3 test servers run (in this process or in a child), plus what fauxqs lacks and
// ebonite relies on: ListMultipartUploads (GET /<bucket>?uploads), answered from fauxqs's own store.
import { buildApp } from 'fauxqs';

// fauxqs does not export its store; it is reached by file, next to the entry the package exports.
const { S3Store } = await import(new URL('./s3/s3Store.js', import.meta.resolve('fauxqs')).href);

const escapeXml = (text) =>
  String(text).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c],
  );

/** A fauxqs app on an S3 store that also lists pending multipart uploads (prefix and delimiter, one page). */
export function buildS3App() {
  const store = new S3Store();
  const app = buildApp({ logger: false, stores: { s3Store: store } });
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query ?? {};
    const bucket = request.params?.bucket;
    if (request.method !== 'GET' || !('uploads' in query) || !bucket || request.params['*']) return;
    const prefix = query.prefix ?? '';
    const delimiter = query.delimiter || undefined;
    const uploads = [];
    const prefixes = new Set();
    for (const id of store.multipartUploadsByBucket.get(bucket) ?? []) {
      const upload = store.multipartUploads.get(id);
      if (!upload?.key.startsWith(prefix)) continue;
      const cut = delimiter ? upload.key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) prefixes.add(upload.key.slice(0, cut + delimiter.length));
      else uploads.push(upload);
    }
    uploads.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Bucket>${escapeXml(bucket)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix>`,
      delimiter ? `<Delimiter>${escapeXml(delimiter)}</Delimiter>` : '',
      '<IsTruncated>false</IsTruncated>',
      ...uploads.map(
        (u) =>
          `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${escapeXml(u.uploadId)}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
      ),
      ...[...prefixes]
        .sort()
        .map((p) => `<CommonPrefixes><Prefix>${escapeXml(p)}</Prefix></CommonPrefixes>`),
      '</ListMultipartUploadsResult>',
    ].join('');
    reply.header('content-type', 'application/xml');
    return reply.status(200).send(xml);
  });
  return app;
}
