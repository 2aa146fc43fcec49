/** The packages that provide the built-in type strings. Loaded with `import()` from the user's project, on demand. */
export const builtinTypes = {
  metadata: {
    local: '@ebonite/meta-local',
    inmemory: '@ebonite/meta-local',
    sqlalchemy: '@ebonite/meta-sql',
    sql: '@ebonite/meta-sql',
    http: '@ebonite/remote',
  },
  artifact: {
    local: '@ebonite/artifact-fs',
    inmemory: '@ebonite/artifact-memory',
    s3: '@ebonite/artifact-s3',
    http: '@ebonite/remote',
  },
  wrapper: {
    onnx: '@ebonite/model-onnx',
    tfjs: '@ebonite/model-tfjs',
  },
} as const satisfies Record<'metadata' | 'artifact' | 'wrapper', Record<string, string>>;

export type BuiltinMetadataType = keyof typeof builtinTypes.metadata;
export type BuiltinArtifactType = keyof typeof builtinTypes.artifact;
export type BuiltinWrapperType = keyof typeof builtinTypes.wrapper;
