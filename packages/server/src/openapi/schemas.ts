/** The JSON schemas of the API document: the core's records, error bodies, lists, push manifests. */
const id = { type: 'string', description: 'A UUIDv7 assigned once by the core.' };
const name = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description: 'No "/", "\\\\" or control characters; not "." or "..".',
};
const date = { type: 'string', description: 'UTC, ISO 8601.' };
const object = { type: 'object', additionalProperties: true };

export const schemas = {
  Error: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: {
        type: 'string',
        description: 'The EboniteError code (E_NON_EXISTING_MODEL, E_UNAUTHORIZED, ...).',
      },
      message: { type: 'string', description: 'What went wrong and what to do.' },
      fields: {
        type: 'object',
        additionalProperties: true,
        description:
          "The fields of the code's error class, when it has any (E_ARTIFACT_INTEGRITY: modelId, artifactName, expected, actual).",
      },
    },
  },
  Project: {
    type: 'object',
    required: ['id', 'name', 'author', 'creationDate'],
    properties: { id, name, author: { type: 'string' }, creationDate: date },
  },
  Task: {
    type: 'object',
    required: ['id', 'name', 'author', 'creationDate', 'projectId'],
    properties: { id, name, author: { type: 'string' }, creationDate: date, projectId: id },
  },
  ArtifactDescriptor: {
    type: 'object',
    required: ['name', 'size', 'digest'],
    properties: {
      name: { type: 'string', description: 'Relative, "/"-separated.' },
      size: { type: 'integer', minimum: 0 },
      digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    },
  },
  StoredArtifact: {
    type: 'object',
    required: ['name', 'size'],
    properties: { name: { type: 'string' }, size: { type: 'integer', minimum: 0 } },
  },
  Model: {
    type: 'object',
    required: [
      'id',
      'name',
      'author',
      'creationDate',
      'taskId',
      'description',
      'params',
      'requirements',
      'artifacts',
      'wrapper',
    ],
    properties: {
      id,
      name,
      author: { type: 'string' },
      creationDate: date,
      taskId: id,
      description: { type: 'string' },
      params: object,
      requirements: {
        type: 'array',
        items: {
          type: 'object',
          required: ['package'],
          properties: { package: { type: 'string' }, version: { type: 'string' } },
        },
      },
      artifacts: { type: 'array', items: { $ref: '#/components/schemas/ArtifactDescriptor' } },
      wrapper: { oneOf: [object, { type: 'null' }] },
    },
  },
  PushManifest: {
    type: 'object',
    required: ['name'],
    description:
      'The "model" field that opens a push, followed by one file part per artifact, in this order, each with its artifact name as filename.',
    properties: {
      name,
      description: { type: 'string' },
      params: object,
      requirements: { type: 'array', items: object },
      author: { type: 'string', description: 'Default: the name of the token.' },
      artifacts: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            size: {
              type: 'integer',
              minimum: 0,
              description: 'With digest: the file must arrive with exactly these bytes.',
            },
            digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
          },
        },
      },
    },
  },
  CheckReport: {
    type: 'object',
    additionalProperties: true,
    description: 'What checkRegistry reports.',
  },
} as const;

/** `{ items: [...] }` of a schema (lists leave room for a cursor). */
export function listOf(ref: string) {
  return {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${ref}` } } },
  };
}
