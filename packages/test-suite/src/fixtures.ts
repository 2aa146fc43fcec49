import {
  type JsonObject,
  type ModelRecord,
  newId,
  nowIso,
  type ProjectRecord,
  type TaskRecord,
} from '@ebonite/core/plugin';
import { uniqueName } from './random-names.js';

/** The author every record of the suite carries. */
export const AUTHOR = 'ebonite-test-suite';

/** Strings that must round-trip exactly: emoji (surrogate pairs), CJK, right-to-left, combining marks (NFD). */
export const UNICODE_SAMPLES = {
  emoji: '🚀 модель 🧪 ✓',
  cjk: '模型テスト모델',
  rtl: 'نموذج מודל',
  nfd: 'e\u0301te\u0301', // "été" decomposed: a store that normalises would change it
} as const;

/** A new project record with a unique name. */
export function projectRecord(name = uniqueName('project')): ProjectRecord {
  return { id: newId(), name, author: AUTHOR, creationDate: nowIso() };
}

/** A new task record with a unique name. */
export function taskRecord(projectId: string, name = uniqueName('task')): TaskRecord {
  return { id: newId(), name, author: AUTHOR, creationDate: nowIso(), projectId };
}

/** Nested JSON of every kind: objects, arrays, null, booleans, integers, floats, Unicode keys and values. */
export function richParams(): JsonObject {
  return {
    learningRate: 0.001,
    epochs: 12,
    negative: -42.5,
    large: 9007199254740991,
    tiny: 1e-7,
    enabled: true,
    disabled: false,
    nothing: null,
    empty: {},
    emptyList: [],
    layers: [{ units: 64, activation: 'relu' }, { units: 1, activation: null }, [1, [2, [3]]]],
    nested: { deeper: { deepest: { value: 'ok', list: ['a', 'b'] } } },
    text: `line one\nline two\ttab "quoted" \\ back`,
    'ключ 🔑': UNICODE_SAMPLES.cjk,
  };
}

/** A new model record with artifact descriptors, a wrapper, params and requirements. */
export function modelRecord(
  taskId: string,
  name = uniqueName('model'),
  overrides: Partial<ModelRecord> = {},
): ModelRecord {
  return {
    id: newId(),
    name,
    author: AUTHOR,
    creationDate: nowIso(),
    taskId,
    description: `A model of the conformance suite ${UNICODE_SAMPLES.emoji}`,
    params: richParams(),
    requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }, { package: 'numpy' }],
    artifacts: [
      { name: 'model.onnx', size: 1234, digest: `sha256:${'ab'.repeat(32)}` },
      {
        name: 'tokenizer/vocab.txt',
        size: 0,
        digest: `sha256:${'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'}`,
      },
    ],
    wrapper: {
      type: 'onnx',
      methods: {
        predict: {
          input: { dtype: 'float32', shape: [null, 4] },
          output: { dtype: 'float32', shape: [null, 1] },
        },
      },
    },
    ...overrides,
  };
}

/** A deep copy (the records are plain JSON). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Ids in the order a repository must list them. */
export function sortedIds(ids: string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
