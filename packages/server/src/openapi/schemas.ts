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
const tags = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 5000 },
  description: 'Labels: keys of at most 255 characters, values of at most 5,000.',
};
const nullableId = { oneOf: [id, { type: 'null' }] };
const stamp = {
  type: 'object',
  properties: {
    author: {
      type: 'string',
      description: "Ignored when the server checks tokens: the token's name.",
    },
    at: { ...date, description: 'UTC, ISO 8601; default: now.' },
  },
};
const modelProperties = {
  id,
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
  version: {
    oneOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }],
    description: 'The n of the name vn of a model created without a name; null for a named one.',
  },
  tags,
};
const modelRequired = [
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
];

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
    properties: { id, name, author: { type: 'string' }, creationDate: date, projectId: id, tags },
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
    required: modelRequired,
    properties: { ...modelProperties, name },
  },
  NewModel: {
    type: 'object',
    required: [...modelRequired, 'version', 'tags'],
    description: 'A model to create: name null asks for the next version (v1, v2, ...).',
    properties: { ...modelProperties, name: { oneOf: [name, { type: 'null' }] } },
  },
  TagChanges: {
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'null' }] },
    description: 'Merged into the stored tags: a null value removes its key.',
  },
  Alias: {
    type: 'object',
    required: ['taskId', 'alias', 'modelId', 'updatedAt', 'author'],
    properties: {
      taskId: id,
      alias: name,
      modelId: id,
      updatedAt: date,
      author: { type: 'string' },
    },
  },
  AliasInfo: {
    type: 'object',
    required: ['alias', 'modelId', 'modelName', 'updatedAt', 'author'],
    properties: {
      alias: name,
      modelId: id,
      modelName: { type: 'string' },
      updatedAt: date,
      author: { type: 'string' },
    },
  },
  AliasMove: {
    type: 'object',
    required: ['modelId'],
    properties: { modelId: id, stamp },
  },
  AliasEvent: {
    type: 'object',
    required: ['taskId', 'alias', 'modelId', 'previousModelId', 'at', 'author'],
    properties: {
      taskId: id,
      alias: name,
      modelId: nullableId,
      previousModelId: nullableId,
      at: date,
      author: { type: 'string' },
    },
  },
  ModelSearch: {
    type: 'object',
    description:
      'A search as the metadata contract takes it (every filter; after: the last position of the previous page).',
    additionalProperties: true,
    properties: {
      projectId: nullableId,
      taskId: nullableId,
      namePrefix: { type: ['string', 'null'] },
      tags,
      params: { type: 'object' },
      author: { type: ['string', 'null'] },
      createdAfter: { type: ['string', 'null'] },
      createdBefore: { type: ['string', 'null'] },
      orderBy: { enum: ['creationDate', 'name'] },
      order: { enum: ['asc', 'desc'] },
      limit: { type: 'integer', minimum: 1, maximum: 1001 },
      after: {
        oneOf: [
          {
            type: 'object',
            required: ['name', 'creationDate', 'id'],
            properties: { name: { type: 'string' }, creationDate: date, id },
          },
          { type: 'null' },
        ],
      },
    },
  },
  SearchPage: {
    type: 'object',
    required: ['models', 'nextCursor'],
    properties: {
      models: { type: 'array', items: { $ref: '#/components/schemas/Model' } },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as ?cursor= with the same filters for the next page; null on the last.',
      },
    },
  },
  PushManifest: {
    type: 'object',
    description:
      'The "model" field that opens a push, followed by one file part per artifact, in this order, each with its artifact name as filename.',
    properties: {
      name: { ...name, description: 'Absent: the next version of the task (v1, v2, ...).' },
      description: { type: 'string' },
      params: object,
      tags,
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
