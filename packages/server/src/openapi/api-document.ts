import { listOf, schemas } from './schemas.js';

type Schema = Record<string, unknown>;
interface Operation {
  summary: string;
  tag: string;
  access?: 'public' | 'read' | 'write' | 'admin';
  path?: string[];
  query?: Array<[string, string]>;
  body?: Record<string, unknown>;
  ok: [status: string, description: string, content?: Record<string, unknown>];
  errors?: string[];
}

const json = (schema: Schema) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const bytes = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };

const ERROR_TEXT: Record<string, string> = {
  '400': 'Invalid input (E_INVALID_INPUT: a bad name, id, record or multipart body)',
  '401': 'No token, or an unknown one (E_UNAUTHORIZED)',
  '403': "The token's scope is too small (E_FORBIDDEN)",
  '404':
    'Not found (E_NON_EXISTING_PROJECT, E_NON_EXISTING_TASK, E_NON_EXISTING_MODEL, E_NON_EXISTING_ALIAS, E_NO_SUCH_ARTIFACT)',
  '409':
    'Conflict (E_EXISTING_*, E_ARTIFACT_EXISTS, E_PROJECT_WITH_TASKS, E_TASK_WITH_MODELS, E_MODEL_HAS_ALIASES)',
  '413': 'A body or an artifact over the limit (E_TOO_LARGE)',
  '415': 'Not JSON or multipart/form-data (E_UNSUPPORTED_MEDIA_TYPE)',
  '416': 'A range outside the file (E_RANGE_NOT_SATISFIABLE)',
  '422': 'Bytes that do not match their announced digest (E_ARTIFACT_INTEGRITY)',
  '503': 'Busy, shutting down, or a backend unreachable (E_BUSY, E_CONNECTION)',
};

const PARAMS: Record<string, string> = {
  project: 'The project name.',
  task: 'The task name.',
  model: 'The model name.',
  name: 'The artifact name; it may hold "/" (as is, or percent-encoded).',
  id: 'The record id.',
  modelId: 'The model id.',
  alias: 'The alias ("production", ...): a name; "latest" is reserved and never set.',
};

function operation(op: Operation) {
  const access = op.access ?? 'read';
  const errors = [...(access === 'public' ? [] : ['401', '403']), ...(op.errors ?? []), '503'];
  return {
    summary: op.summary,
    tags: [op.tag],
    ...(access === 'public' ? { security: [] } : {}),
    description: `Needs: ${access === 'public' ? 'no token' : `a ${access} token`}.`,
    'x-ebonite-access': access,
    parameters: [
      ...(op.path ?? []).map((p) => ({
        name: p,
        in: 'path',
        required: true,
        description: PARAMS[p],
        schema: { type: 'string' },
      })),
      ...(op.query ?? []).map(([q, description]) => ({
        name: q,
        in: 'query',
        required: false,
        description,
        schema: { type: 'string' },
      })),
    ],
    ...(op.body ? { requestBody: { required: true, content: op.body } } : {}),
    responses: {
      [op.ok[0]]: { description: op.ok[1], ...(op.ok[2] ? { content: op.ok[2] } : {}) },
      ...Object.fromEntries(
        errors.map((status) => [
          status,
          { description: ERROR_TEXT[status], content: json(ref('Error')) },
        ]),
      ),
    },
  };
}

const P = ['project'];
const PT = ['project', 'task'];
const PTM = ['project', 'task', 'model'];
const CASCADE: [string, string] = [
  'cascade',
  'true: also delete everything inside (default false).',
];
const BY_NAME: [string, string] = [
  'name',
  'Only the record with this name: a list of zero or one.',
];
const STAMP: Array<[string, string]> = [
  ['at', 'When (ISO 8601, UTC) for the alias history; default: now.'],
  [
    'author',
    "Who, for the alias history; ignored when the server checks tokens (the token's name).",
  ],
];
const SEARCH_QUERY: Array<[string, string]> = [
  ['project', 'Only the models of this project.'],
  ['task', 'Only the models of this task (needs project).'],
  ['namePrefix', 'Names starting with exactly these characters.'],
  ['tag', 'key=value, repeatable: every one must match.'],
  ['param', 'key=value, repeatable: a top-level param equal to this JSON scalar (else text).'],
  ['author', 'Only the models of this author.'],
  ['createdAfter', 'ISO 8601, inclusive.'],
  ['createdBefore', 'ISO 8601, exclusive.'],
  ['orderBy', 'creationDate (default) or name.'],
  ['order', 'desc (default) or asc.'],
  ['limit', '1 to 1000 (default 100).'],
  ['cursor', 'The nextCursor of the previous page, with the same filters.'],
];

/** The OpenAPI 3.1 document of the API, served at `/api/v1/openapi.json`. */
export function apiDocument(version: string) {
  const registry = 'registry (by name)';
  const meta = 'metadata repository (by id)';
  const store = 'artifact repository (by model id)';
  return {
    openapi: '3.1.0',
    info: {
      title: 'ebonite registry',
      version,
      description:
        'A team model registry served by `ebonite serve`. Every request but /healthz and this document needs `Authorization: Bearer <token>`. Errors are JSON `{ code, message }` with the ebonite error code. The /metadata and /artifacts routes are the two repository contracts by id, used by the `http` backends of @ebonite/remote.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [{ name: 'service' }, { name: registry }, { name: meta }, { name: store }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ...schemas },
    },
    paths: {
      '/healthz': {
        get: operation({
          summary: 'Health check',
          tag: 'service',
          access: 'public',
          ok: ['200', 'Up', json({ type: 'object' })],
        }),
      },
      '/api/v1': {
        get: operation({
          summary: 'The server: API version, backends, who you are',
          tag: 'service',
          ok: ['200', 'The server', json({ type: 'object' })],
        }),
      },
      '/api/v1/openapi.json': {
        get: operation({
          summary: 'This document',
          tag: 'service',
          access: 'public',
          ok: ['200', 'OpenAPI 3.1', json({ type: 'object' })],
        }),
      },
      '/api/v1/admin/check': {
        post: operation({
          summary:
            'Check the registry (checkRegistry): damaged models and orphans; repair removes orphans',
          tag: 'service',
          access: 'admin',
          query: [
            ['repair', 'true: delete orphans'],
            ['quick', 'true: sizes only'],
            ['grace', 'minutes (default 10)'],
          ],
          ok: ['200', 'The report', json(ref('CheckReport'))],
        }),
      },
      '/api/v1/search': {
        get: operation({
          summary: 'Search models across the registry, a keyset page at a time',
          tag: registry,
          query: SEARCH_QUERY,
          errors: ['400'],
          ok: ['200', 'One page', json(ref('SearchPage'))],
        }),
      },
      '/api/v1/projects': {
        get: operation({
          summary: 'List projects',
          tag: registry,
          ok: ['200', 'Projects', json(listOf('Project'))],
        }),
      },
      '/api/v1/projects/{project}': {
        get: operation({
          summary: 'Get a project',
          tag: registry,
          path: P,
          errors: ['400', '404'],
          ok: ['200', 'The project', json(ref('Project'))],
        }),
        put: operation({
          summary: 'Get or create a project',
          tag: registry,
          access: 'write',
          path: P,
          errors: ['400'],
          ok: ['200', 'The project', json(ref('Project'))],
        }),
        delete: operation({
          summary: 'Delete a project',
          tag: registry,
          access: 'write',
          path: P,
          query: [CASCADE],
          errors: ['400', '404', '409'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/projects/{project}/tasks': {
        get: operation({
          summary: 'List the tasks of a project',
          tag: registry,
          path: P,
          errors: ['400', '404'],
          ok: ['200', 'Tasks', json(listOf('Task'))],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}': {
        get: operation({
          summary: 'Get a task',
          tag: registry,
          path: PT,
          errors: ['400', '404'],
          ok: ['200', 'The task', json(ref('Task'))],
        }),
        put: operation({
          summary: 'Get or create a task (and its project)',
          tag: registry,
          access: 'write',
          path: PT,
          errors: ['400'],
          ok: ['200', 'The task', json(ref('Task'))],
        }),
        delete: operation({
          summary: 'Delete a task',
          tag: registry,
          access: 'write',
          path: PT,
          query: [CASCADE],
          errors: ['400', '404', '409'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/tags': {
        patch: operation({
          summary: "Merge tags into a task's (null removes a key)",
          tag: registry,
          access: 'write',
          path: PT,
          body: json(ref('TagChanges')),
          errors: ['400', '404', '413', '415'],
          ok: ['200', 'The task', json(ref('Task'))],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/aliases': {
        get: operation({
          summary: 'The aliases set on a task, with their models',
          tag: registry,
          path: PT,
          errors: ['400', '404'],
          ok: ['200', 'Aliases', json(listOf('AliasInfo'))],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/aliases/{alias}': {
        get: operation({
          summary: 'The model an alias names ("latest": the newest model of the task)',
          tag: registry,
          path: [...PT, 'alias'],
          errors: ['400', '404'],
          ok: ['200', 'The model', json(ref('Model'))],
        }),
        put: operation({
          summary: "Point an alias at a model of the task, recorded in the alias's history",
          tag: registry,
          access: 'write',
          path: [...PT, 'alias'],
          body: json({
            type: 'object',
            required: ['model'],
            properties: {
              model: { type: 'string', description: 'The model name.' },
              author: {
                type: 'string',
                description: "Only with trustClientAuthor; else the token's name.",
              },
            },
          }),
          errors: ['400', '404', '413', '415'],
          ok: ['200', 'The alias', json(ref('Alias'))],
        }),
        delete: operation({
          summary: 'Remove an alias, recorded in its history',
          tag: registry,
          access: 'write',
          path: [...PT, 'alias'],
          query: [STAMP[1]!],
          errors: ['400', '404'],
          ok: ['204', 'Removed'],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/aliases/{alias}/history': {
        get: operation({
          summary: 'Every move of an alias, newest first',
          tag: registry,
          path: [...PT, 'alias'],
          errors: ['400', '404'],
          ok: ['200', 'The moves', json(listOf('AliasEvent'))],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/models': {
        get: operation({
          summary: 'List the models of a task',
          tag: registry,
          path: PT,
          errors: ['400', '404'],
          ok: ['200', 'Models', json(listOf('Model'))],
        }),
        post: operation({
          summary:
            'Push a model: one multipart request, the "model" field (JSON manifest) then one file part per artifact',
          tag: registry,
          access: 'write',
          path: PT,
          body: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['model'],
                properties: {
                  model: ref('PushManifest'),
                  file: { type: 'array', items: { type: 'string', format: 'binary' } },
                },
              },
            },
          },
          errors: ['400', '404', '409', '413', '415', '422'],
          ok: [
            '201',
            'The pushed model, committed only once every file arrived whole',
            json(ref('Model')),
          ],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/models/{model}': {
        get: operation({
          summary: 'Get a model',
          tag: registry,
          path: PTM,
          errors: ['400', '404'],
          ok: ['200', 'The model', json(ref('Model'))],
        }),
        delete: operation({
          summary: 'Delete a model, then its files',
          tag: registry,
          access: 'write',
          path: PTM,
          query: [
            [
              'force',
              'true: also remove the aliases that point at it (recorded in their history), and succeed even when its files cannot be deleted (they become orphans)',
            ],
          ],
          errors: ['400', '404', '409'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/models/{model}/tags': {
        patch: operation({
          summary: "Merge tags into a model's (null removes a key)",
          tag: registry,
          access: 'write',
          path: PTM,
          body: json(ref('TagChanges')),
          errors: ['400', '404', '413', '415'],
          ok: ['200', 'The model', json(ref('Model'))],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/models/{model}/artifacts': {
        get: operation({
          summary: "A model's artifacts as recorded",
          tag: registry,
          path: PTM,
          errors: ['400', '404'],
          ok: ['200', 'Descriptors', json(listOf('ArtifactDescriptor'))],
        }),
      },
      '/api/v1/projects/{project}/tasks/{task}/models/{model}/artifacts/{name}': {
        get: {
          ...operation({
            summary:
              'Download an artifact, verified; ETag is its sha256 digest; Range (206) and If-None-Match (304)',
            tag: registry,
            path: [...PTM, 'name'],
            errors: ['400', '404', '416'],
            ok: ['200', 'The bytes (206 for a range, 304 when the ETag matches)', bytes],
          }),
        },
        head: operation({
          summary: 'The headers of a download',
          tag: registry,
          path: [...PTM, 'name'],
          errors: ['400', '404', '416'],
          ok: ['200', 'Headers only'],
        }),
      },
      '/api/v1/metadata/projects': {
        get: operation({
          summary: 'getProjects / getProjectByName',
          tag: meta,
          query: [BY_NAME],
          errors: ['400'],
          ok: ['200', 'Projects', json(listOf('Project'))],
        }),
        post: operation({
          summary: 'createProject (with its id)',
          tag: meta,
          access: 'write',
          body: json(ref('Project')),
          errors: ['400', '409', '413', '415'],
          ok: ['201', 'Stored', json(ref('Project'))],
        }),
      },
      '/api/v1/metadata/projects/{id}': {
        get: operation({
          summary: 'getProjectById',
          tag: meta,
          path: ['id'],
          errors: ['400', '404'],
          ok: ['200', 'The project', json(ref('Project'))],
        }),
        put: operation({
          summary: 'updateProject',
          tag: meta,
          access: 'write',
          path: ['id'],
          body: json(ref('Project')),
          errors: ['400', '404', '409', '413', '415'],
          ok: ['200', 'Stored', json(ref('Project'))],
        }),
        delete: operation({
          summary: 'deleteProject',
          tag: meta,
          access: 'write',
          path: ['id'],
          query: [CASCADE],
          errors: ['400', '404', '409'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/metadata/projects/{id}/tasks': {
        get: operation({
          summary: 'getTasks / getTaskByName',
          tag: meta,
          path: ['id'],
          query: [BY_NAME],
          errors: ['400', '404'],
          ok: ['200', 'Tasks', json(listOf('Task'))],
        }),
      },
      '/api/v1/metadata/tasks': {
        post: operation({
          summary: 'createTask (with its id)',
          tag: meta,
          access: 'write',
          body: json(ref('Task')),
          errors: ['400', '404', '409', '413', '415'],
          ok: ['201', 'Stored', json(ref('Task'))],
        }),
      },
      '/api/v1/metadata/tasks/{id}': {
        get: operation({
          summary: 'getTaskById',
          tag: meta,
          path: ['id'],
          errors: ['400', '404'],
          ok: ['200', 'The task', json(ref('Task'))],
        }),
        put: operation({
          summary: 'updateTask',
          tag: meta,
          access: 'write',
          path: ['id'],
          body: json(ref('Task')),
          errors: ['400', '404', '409', '413', '415'],
          ok: ['200', 'Stored', json(ref('Task'))],
        }),
        delete: operation({
          summary: 'deleteTask',
          tag: meta,
          access: 'write',
          path: ['id'],
          query: [CASCADE],
          errors: ['400', '404', '409'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/metadata/tasks/{id}/models': {
        get: operation({
          summary: 'getModels / getModelByName',
          tag: meta,
          path: ['id'],
          query: [BY_NAME],
          errors: ['400', '404'],
          ok: ['200', 'Models', json(listOf('Model'))],
        }),
      },
      '/api/v1/metadata/models': {
        post: operation({
          summary:
            'createModel (with its id; name null: the next version); checked against the files the server received for that id',
          tag: meta,
          access: 'write',
          body: json(ref('NewModel')),
          errors: ['400', '404', '409', '413', '415', '422'],
          ok: ['201', 'Stored', json(ref('Model'))],
        }),
      },
      '/api/v1/metadata/models/{id}': {
        get: operation({
          summary: 'getModelById',
          tag: meta,
          path: ['id'],
          errors: ['400', '404'],
          ok: ['200', 'The model', json(ref('Model'))],
        }),
        put: operation({
          summary: 'updateModel',
          tag: meta,
          access: 'write',
          path: ['id'],
          body: json(ref('Model')),
          errors: ['400', '404', '409', '413', '415'],
          ok: ['200', 'Stored', json(ref('Model'))],
        }),
        delete: operation({
          summary: 'deleteModel (metadata only); force also removes its aliases',
          tag: meta,
          access: 'write',
          path: ['id'],
          query: [['force', 'true: also remove the aliases that point at it'], ...STAMP],
          errors: ['400', '404', '409'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/metadata/models/{id}/tags': {
        patch: operation({
          summary: 'setModelTags: merged atomically, null removes a key',
          tag: meta,
          access: 'write',
          path: ['id'],
          body: json(ref('TagChanges')),
          errors: ['400', '404', '413', '415'],
          ok: ['200', 'The stored model', json(ref('Model'))],
        }),
      },
      '/api/v1/metadata/models/search': {
        post: operation({
          summary: 'searchModels: one keyset page of a checked search (a read, sent as JSON)',
          tag: meta,
          body: json(ref('ModelSearch')),
          errors: ['400', '413', '415'],
          ok: ['200', 'The models', json(listOf('Model'))],
        }),
      },
      '/api/v1/metadata/tasks/{id}/tags': {
        patch: operation({
          summary: 'setTaskTags: merged atomically, null removes a key',
          tag: meta,
          access: 'write',
          path: ['id'],
          body: json(ref('TagChanges')),
          errors: ['400', '404', '413', '415'],
          ok: ['200', 'The stored task', json(ref('Task'))],
        }),
      },
      '/api/v1/metadata/tasks/{id}/aliases': {
        get: operation({
          summary: 'getAliases',
          tag: meta,
          path: ['id'],
          errors: ['400', '404'],
          ok: ['200', 'The aliases set, by alias', json(listOf('Alias'))],
        }),
      },
      '/api/v1/metadata/tasks/{id}/aliases/{alias}': {
        get: operation({
          summary: 'getAlias',
          tag: meta,
          path: ['id', 'alias'],
          errors: ['400', '404'],
          ok: ['200', 'The alias', json(ref('Alias'))],
        }),
        put: operation({
          summary: 'setAlias: moves it atomically, recorded in its history',
          tag: meta,
          access: 'write',
          path: ['id', 'alias'],
          body: json(ref('AliasMove')),
          errors: ['400', '404', '413', '415'],
          ok: ['200', 'The stored alias', json(ref('Alias'))],
        }),
        delete: operation({
          summary: 'deleteAlias, recorded in its history',
          tag: meta,
          access: 'write',
          path: ['id', 'alias'],
          query: STAMP,
          errors: ['400', '404'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/metadata/tasks/{id}/aliases/{alias}/history': {
        get: operation({
          summary: 'getAliasHistory: every move, newest first',
          tag: meta,
          path: ['id', 'alias'],
          errors: ['400', '404'],
          ok: ['200', 'The moves', json(listOf('AliasEvent'))],
        }),
      },
      '/api/v1/metadata/tasks/{id}/alias-events': {
        get: operation({
          summary:
            'getAliasEvents: every history entry of every alias of the task (set or not), by alias, oldest first',
          tag: meta,
          path: ['id'],
          errors: ['400', '404'],
          ok: ['200', 'The entries', json(listOf('AliasEvent'))],
        }),
        post: operation({
          summary:
            "importAliasEvents (copies): appends the entries as given, stamps kept, and sets each alias to its last entry's model, atomically",
          tag: meta,
          access: 'write',
          path: ['id'],
          body: json(listOf('AliasEvent')),
          errors: ['400', '404', '413', '415'],
          ok: ['204', 'Imported'],
        }),
      },
      '/api/v1/artifacts': {
        get: operation({
          summary: 'listModelIds: one JSON string per line, streamed',
          tag: store,
          ok: ['200', 'Model ids', { 'application/x-ndjson': { schema: { type: 'string' } } }],
        }),
      },
      '/api/v1/artifacts/{modelId}': {
        get: operation({
          summary: 'list',
          tag: store,
          path: ['modelId'],
          errors: ['400'],
          ok: ['200', 'Files', json(listOf('StoredArtifact'))],
        }),
        put: operation({
          summary:
            'push: one file part per artifact (filename = name); an "abort" field instead of the rest fails the push and removes what arrived',
          tag: store,
          access: 'write',
          path: ['modelId'],
          body: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'array', items: { type: 'string', format: 'binary' } },
                  abort: { type: 'string' },
                },
              },
            },
          },
          errors: ['400', '409', '413', '415'],
          ok: ['201', 'Stored files', json(listOf('StoredArtifact'))],
        }),
        delete: operation({
          summary: 'delete',
          tag: store,
          access: 'write',
          path: ['modelId'],
          errors: ['400'],
          ok: ['204', 'Deleted'],
        }),
      },
      '/api/v1/artifacts/{modelId}/last-modified': {
        get: operation({
          summary: 'lastModified',
          tag: store,
          path: ['modelId'],
          errors: ['400'],
          ok: [
            '200',
            'When the newest file was written, or null',
            json({ type: 'object', properties: { lastModified: { type: ['string', 'null'] } } }),
          ],
        }),
      },
      '/api/v1/artifacts/{modelId}/files/{name}': {
        get: operation({
          summary: 'open: the raw bytes (the client verifies them)',
          tag: store,
          path: ['modelId', 'name'],
          errors: ['400', '404'],
          ok: ['200', 'The bytes', bytes],
        }),
      },
    },
  };
}
