// The stream helpers live in the published suite (`@ebonite/test-suite/streams`), so plugin authors
// have them too; the workspace's tests and benchmarks import them from here as before.
export { failingStream, readAll, sink, uploads } from '@ebonite/test-suite/streams';
