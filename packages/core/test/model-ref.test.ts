import { describe, expect, it } from 'vitest';
import { formatModelRef, parseModelRef } from '../src/index.js';
import { CONTRACT_METHODS, repositoryProblem } from '../src/plugin.js';

describe('parseModelRef', () => {
  it('reads project/task/model and project/task@alias', () => {
    expect(parseModelRef('p/t/m')).toEqual({ project: 'p', task: 't', model: 'm' });
    expect(parseModelRef('p/t@production')).toEqual({
      project: 'p',
      task: 't',
      alias: 'production',
    });
    expect(parseModelRef('p/t@latest')).toEqual({ project: 'p', task: 't', alias: 'latest' });
    // A task name may hold "@" (an alias never does): the alias follows the last one.
    expect(parseModelRef('p/me@home@prod')).toEqual({
      project: 'p',
      task: 'me@home',
      alias: 'prod',
    });
    // A model name may hold "@" too: three parts name a model by its name.
    expect(parseModelRef('p/t/m@x')).toEqual({ project: 'p', task: 't', model: 'm@x' });
    for (const text of ['p/t/m', 'p/t@production', 'p/me@home@prod'])
      expect(formatModelRef(parseModelRef(text))).toBe(text);
  });

  it('refuses anything else with E_INVALID_INPUT', () => {
    for (const text of ['p', 'p/t', 'p/t@', 'p/@prod', 'p/t/m/x', '', '/t@a', 'p/t@a@'])
      expect(() => parseModelRef(text), text).toThrow(
        expect.objectContaining({ code: 'E_INVALID_INPUT' }),
      );
  });
});

describe('repositoryProblem by contract version', () => {
  const repo = (version: string, methods: readonly string[]) => ({
    specificationVersion: version,
    type: 'x',
    ...Object.fromEntries(methods.map((m) => [m, async () => null])),
  });

  it('checks a v1 repository for the v1 methods and a v2 one for the v2 methods', () => {
    expect(repositoryProblem('metadata', repo('v1', CONTRACT_METHODS.metadata))).toBeUndefined();
    expect(repositoryProblem('metadata', repo('v2', CONTRACT_METHODS.metadataV2))).toBeUndefined();
    expect(repositoryProblem('metadata', repo('v2', CONTRACT_METHODS.metadata))).toMatch(
      /setModelTags.*searchModels of contract v2/,
    );
    expect(repositoryProblem('metadata', repo('v3', CONTRACT_METHODS.metadataV2))).toMatch(
      /"v3".*contract v1 and v2/,
    );
    expect(repositoryProblem('artifact', repo('v2', CONTRACT_METHODS.artifact))).toMatch(
      /contract v1$/,
    );
  });
});
