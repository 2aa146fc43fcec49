import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** A project with this name (or id) already exists. */
export class ExistingProjectError extends EboniteError {
  constructor(
    readonly projectName: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_EXISTING_PROJECT',
      `Project "${projectName}" already exists: pick another name or use getOrCreateProject().`,
      options,
    );
  }
}

/** A task with this name already exists in its project. */
export class ExistingTaskError extends EboniteError {
  constructor(
    readonly taskName: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_EXISTING_TASK',
      `Task "${taskName}" already exists in its project: pick another name or use getOrCreateTask().`,
      options,
    );
  }
}

/** A model with this name already exists in its task. */
export class ExistingModelError extends EboniteError {
  constructor(
    readonly modelName: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_EXISTING_MODEL',
      `Model "${modelName}" already exists in its task: push it under another name, or delete the existing one first.`,
      options,
    );
  }
}

/** The project does not exist (it was never created, or was deleted). */
export class NonExistingProjectError extends EboniteError {
  constructor(
    readonly project: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_NON_EXISTING_PROJECT',
      `Project "${project}" does not exist: create it first (getOrCreateProject()).`,
      options,
    );
  }
}

/** The task does not exist. */
export class NonExistingTaskError extends EboniteError {
  constructor(
    readonly task: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_NON_EXISTING_TASK',
      `Task "${task}" does not exist: create it first (getOrCreateTask()).`,
      options,
    );
  }
}

/** The model does not exist. */
export class NonExistingModelError extends EboniteError {
  constructor(
    readonly model: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_NON_EXISTING_MODEL',
      `Model "${model}" does not exist: push it first, or check its name and task.`,
      options,
    );
  }
}

/** A project still holds tasks and was deleted without `cascade`. */
export class ProjectWithTasksError extends EboniteError {
  constructor(
    readonly project: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_PROJECT_WITH_TASKS',
      `Project "${project}" still has tasks: delete them first, or pass { cascade: true }.`,
      options,
    );
  }
}

/** A task still holds models and was deleted without `cascade`. */
export class TaskWithModelsError extends EboniteError {
  constructor(
    readonly task: string,
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_TASK_WITH_MODELS',
      `Task "${task}" still has models: delete them first, or pass { cascade: true }.`,
      options,
    );
  }
}

/** The same `Model` object was given to a second push: each push needs its own `Model.create()`. */
export class ModelAlreadyPushedError extends EboniteError {
  constructor(
    readonly modelName: string,
    readonly modelId: string,
    readonly state: 'pushing' | 'pushed',
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_ALREADY_PUSHED',
      `Model "${modelName}" (id ${modelId}) ${state === 'pushing' ? 'is being pushed right now' : 'was already pushed'}: a Model object is pushed once. Make a new one with Model.create() to push the same files again, or use the model the first push returned.`,
      options,
    );
  }
}
