import {
  Ebonite,
  EboniteError,
  type EboniteErrorCode,
  Model,
  type ModelInputError,
  type RuntimeNotInstalledError,
  registerPlugin,
  type UnrecognizedModelError,
} from '@ebonite/core';
import { checkInput, importRuntime, type ModelWrapper } from '@ebonite/core/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Polynomial, polynomialWrapper, vector } from './wrappers-poly.js';

const isCode = (code: EboniteErrorCode) => (e: unknown) => EboniteError.isInstance(e, code);
const events: string[] = [];
let unregister: () => void;
let client: Ebonite;

beforeAll(async () => {
  unregister = registerPlugin({ wrapper: { poly: polynomialWrapper(events) } });
  client = await Ebonite.inmemory();
});

afterAll(async () => {
  unregister();
  await client.close();
});

describe('Model.create(modelObject, inputSample, options)', () => {
  it('finds the registered wrapper and records type, version, methods, data and requirements', async () => {
    events.length = 0;
    const model = await Model.create(new Polynomial([1, 2, 3]), vector([1, 2]), {
      name: 'poly',
      params: { degree: 2 },
      requirements: [{ package: 'extra', version: '9.0.0' }],
    });
    expect(model.wrapper).toEqual({
      type: 'poly',
      version: '1.2.3',
      specificationVersion: 'v1',
      methods: {
        predict: {
          inputs: [{ name: 'x', kind: 'tensor', dtype: 'float64', shape: ['n'] }],
          outputs: [{ name: 'y', kind: 'tensor', dtype: 'float64', shape: ['n'] }],
        },
        degree: { inputs: [], outputs: [{ name: 'degree', kind: 'other', type: 'number' }] },
      },
      data: { format: 1 },
    });
    expect(model.requirements).toEqual([
      { package: 'acme-poly', version: '1.2.3' },
      { package: 'acme-runtime' },
      { package: 'extra', version: '9.0.0' },
    ]);
    expect([...model.sources.keys()]).toEqual(['coefficients.json']);
    expect(model.params).toEqual({ degree: 2 });
    expect(events).toEqual(['wrap', 'dispose wrapped']);
  });

  it('checks the sample against every method and disposes the wrapped model on failure', async () => {
    events.length = 0;
    const error = (await Model.create(
      new Polynomial([1]),
      { dtype: 'float64', shape: [2, 2], data: new Float64Array(4) },
      { name: 'm' },
    ).catch((e) => e)) as ModelInputError;
    expect(error.code).toBe('E_MODEL_INPUT');
    expect([error.method, error.inputName, error.expected, error.actual]).toEqual([
      'predict',
      'x',
      { dtype: 'float64', shape: ['n'] },
      { dtype: 'float64', shape: [2, 2] },
    ]);
    expect(events).toEqual(['wrap', 'dispose wrapped']);
  });

  it('validates the name before wrapping, and wraps a wrapper failure with its cause', async () => {
    events.length = 0;
    await expect(Model.create(new Polynomial([1]), undefined, { name: 'a/b' })).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
    expect(events).toEqual([]);
    const failed = await Model.create(new Polynomial([]), undefined, { name: 'm' }).catch((e) => e);
    expect([failed.code, failed.message, failed.cause.message]).toEqual([
      'E_WRAPPER_FAILED',
      'The "poly" model wrapper failed to wrap the model: empty polynomial',
      'empty polynomial',
    ]);
  });

  it('an object no wrapper recognises: a typed error listing the wrappers tried', async () => {
    const error = (await Model.create(new Map(), undefined, { name: 'm' }).catch(
      (e) => e,
    )) as UnrecognizedModelError;
    expect(error.code).toBe('E_UNRECOGNIZED_MODEL');
    expect(error.tried).toContain('poly');
    expect(error.message).toContain(
      'No model wrapper recognises this object (an instance of Map). Tried: poly',
    );
  });

  it('an explicit wrapper is used as given; a broken one is refused', async () => {
    const model = await Model.create(new Polynomial([5]), {
      name: 'explicit',
      wrapper: polynomialWrapper(),
    });
    expect((model.wrapper as { type: string }).type).toBe('poly');
    const broken = {
      ...polynomialWrapper(),
      specificationVersion: 'v0',
    } as unknown as ModelWrapper;
    await expect(
      Model.create(new Polynomial([5]), undefined, { name: 'm', wrapper: broken }),
    ).rejects.toThrow('contract v0');
    await expect(
      Model.create(new Polynomial([5]), undefined, { name: 'm', wrapper: 'nosuch' }),
    ).rejects.toSatisfy(isCode('E_UNKNOWN_REPOSITORY_TYPE'));
  });
});

describe('client.createModel and model.load()', () => {
  it('creates and pushes into default_project/default_task, then loads a live model that checks its inputs', async () => {
    events.length = 0;
    const pushed = await client.createModel(new Polynomial([1, 0, 2]), vector([0]), {
      name: 'quadratic',
    });
    const task = (await client.getTask('default_project', 'default_task'))!;
    expect(pushed.taskId).toBe(task.id);
    const model = (await client.getModel('quadratic', task))!;
    expect(model.requirements).toEqual(pushed.requirements);
    const loaded = await model.load();
    expect(events).toEqual(['wrap', 'dispose wrapped', 'load format 1']);
    expect([...(await loaded.predict<Float64Array>(vector([1, 2, 3])))]).toEqual([3, 9, 19]);
    expect(await loaded.call('degree', undefined)).toBe(2);
    expect(loaded.object).toBeInstanceOf(Polynomial);
    const wrongDtype = (await loaded
      .predict({ dtype: 'float32', shape: [1], data: new Float64Array(1) })
      .catch((e) => e)) as ModelInputError;
    expect(wrongDtype.message).toBe(
      'Input "x" of predict(): expected float64 [n], got float32 [1] (dtype differs).',
    );
    await expect(loaded.predict([1, 2])).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    const runtime = (await loaded.predict(vector([Number.NaN])).catch((e) => e)) as {
      code: string;
      cause: Error;
    };
    expect([runtime.code, runtime.cause.message]).toEqual(['E_WRAPPER_FAILED', 'NaN in input']);
    await loaded.dispose();
    await loaded.dispose();
    expect(events.at(-1)).toBe('dispose loaded');
    expect(events.filter((e) => e === 'dispose loaded')).toHaveLength(1);
  });

  it('createModel(object, options) without a sample, into a named project and task', async () => {
    const pushed = await client.createModel(new Polynomial([7]), {
      name: 'constant',
      projectName: 'proj',
      taskName: 'task',
    });
    const task = (await client.getTask('proj', 'task'))!;
    expect((await client.getModel('constant', task))!.id).toBe(pushed.id);
  });
});

describe('checkInput', () => {
  const sig = (shape: (number | string | null)[] | null) => ({
    inputs: [{ name: 'a', kind: 'tensor' as const, dtype: 'float32', shape }],
    outputs: [],
  });
  it('accepts any size for null, any shape for a null shape, and exact fixed sizes', () => {
    expect(() =>
      checkInput('f', sig([null, 3]), [{ name: 'a', dtype: 'float32', shape: [7, 3] }]),
    ).not.toThrow();
    expect(() =>
      checkInput('f', sig(null), [{ name: 'a', dtype: 'float32', shape: [1, 2, 3] }]),
    ).not.toThrow();
    expect(() =>
      checkInput('f', sig([]), [{ name: 'a', dtype: 'float32', shape: [] }]),
    ).not.toThrow();
    expect(() => checkInput('f', sig([]), [{ name: 'a', dtype: 'float32', shape: [1] }])).toThrow(
      'rank 1 instead of 0',
    );
    expect(() =>
      checkInput('f', sig([2, 3]), [{ name: 'a', dtype: 'float32', shape: [3, 3] }]),
    ).toThrow('dimension 0 is 3, not 2');
  });
});

describe('importRuntime', () => {
  it('a package that is not installed: RuntimeNotInstalledError with the version hint; other failures: E_INVALID_PLUGIN', async () => {
    const missing = (await importRuntime(
      'no-such-runtime-pkg',
      () => import('no-such-runtime-pkg' as string),
      '^2.0.0',
    ).catch((e) => e)) as RuntimeNotInstalledError;
    expect([missing.code, missing.packageName, missing.version]).toEqual([
      'E_RUNTIME_NOT_INSTALLED',
      'no-such-runtime-pkg',
      '^2.0.0',
    ]);
    expect(missing.message).toContain('npm install "no-such-runtime-pkg@^2.0.0"');
    const broken = await importRuntime('broken', () =>
      Promise.reject(new Error('bad binary')),
    ).catch((e) => e);
    expect([broken.code, broken.cause.message]).toEqual(['E_INVALID_PLUGIN', 'bad binary']);
    expect(await importRuntime('node:path', () => import('node:path'))).toHaveProperty('join');
  });
});
