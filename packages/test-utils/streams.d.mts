export {
  failingStream,
  readAll,
  sink,
  type UploadContent,
  uploads,
} from '@ebonite/test-suite/streams';
