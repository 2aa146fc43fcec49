import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** Options of the object errors: `hint` replaces the default advice on what to do. */
export interface ObjectErrorOptions extends EboniteErrorOptions {
  hint?: string;
}

/** A project with this name (or id) already exists. */
export class ExistingProjectError extends EboniteError<'E_EXISTING_PROJECT'> {
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
export class ExistingTaskError extends EboniteError<'E_EXISTING_TASK'> {
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
export class ExistingModelError extends EboniteError<'E_EXISTING_MODEL'> {
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
export class NonExistingProjectError extends EboniteError<'E_NON_EXISTING_PROJECT'> {
  constructor(
    readonly project: string,
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_NON_EXISTING_PROJECT',
      `Project "${project}" does not exist: ${options.hint ?? `create it first (getOrCreateProject()).`}`,
      options,
    );
  }
}

/** The task does not exist. */
export class NonExistingTaskError extends EboniteError<'E_NON_EXISTING_TASK'> {
  constructor(
    readonly task: string,
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_NON_EXISTING_TASK',
      `Task "${task}" does not exist: ${options.hint ?? `create it first (getOrCreateTask()).`}`,
      options,
    );
  }
}

/** The model does not exist. */
export class NonExistingModelError extends EboniteError<'E_NON_EXISTING_MODEL'> {
  constructor(
    readonly model: string,
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_NON_EXISTING_MODEL',
      `Model "${model}" does not exist: ${options.hint ?? `push it first, or check its name and task.`}`,
      options,
    );
  }
}

/** A project still holds tasks and was deleted without `cascade`. */
export class ProjectWithTasksError extends EboniteError<'E_PROJECT_WITH_TASKS'> {
  constructor(
    readonly project: string,
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_PROJECT_WITH_TASKS',
      `Project "${project}" still has tasks: ${options.hint ?? `delete them first, or pass { cascade: true }.`}`,
      options,
    );
  }
}

/** A task still holds models and was deleted without `cascade`. */
export class TaskWithModelsError extends EboniteError<'E_TASK_WITH_MODELS'> {
  constructor(
    readonly task: string,
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_TASK_WITH_MODELS',
      `Task "${task}" still has models: ${options.hint ?? `delete them first, or pass { cascade: true }.`}`,
      options,
    );
  }
}

/** The same `Model` object was given to a second push: each push needs its own `Model.create()`. */
export class ModelAlreadyPushedError extends EboniteError<'E_ALREADY_PUSHED'> {
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

/** Aliases still point at the model: it was deleted (or moved to another task) without `force`. */
export class ModelHasAliasesError extends EboniteError<'E_MODEL_HAS_ALIASES'> {
  constructor(
    readonly model: string,
    readonly aliases: readonly string[],
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_MODEL_HAS_ALIASES',
      `Model "${model}" is the target of the alias${aliases.length === 1 ? '' : 'es'} ${aliases.map((a) => `"${a}"`).join(', ')}: ${options.hint ?? `move or delete them first, or pass { force: true } to remove them with the model.`}`,
      options,
    );
  }
}

/** The alias is not set on the task. */
export class NonExistingAliasError extends EboniteError<'E_NON_EXISTING_ALIAS'> {
  constructor(
    readonly alias: string,
    readonly task: string,
    options: ObjectErrorOptions = {},
  ) {
    super(
      'E_NON_EXISTING_ALIAS',
      `Alias "${alias}" is not set on task "${task}": ${options.hint ?? `list the task's aliases with getAliases().`}`,
      options,
    );
  }
}
