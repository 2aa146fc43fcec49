import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ebonite, Project, Task } from '@ebonite/core';
import { uniqueName } from '../random-names.js';
import { runInScope } from '../run-scope.js';
import type { ClientTestOptions } from './options.js';

/**
 * One client for the length of a check, plus the projects it made (deleted with cascade, best effort,
 * when the check ends) and temporary folders (removed).
 */
export class ClientScope {
  private readonly projects = new Set<string>();
  private readonly folders: string[] = [];

  constructor(readonly client: Ebonite) {}

  /** A new project with a unique name. */
  project(): Promise<Project> {
    const name = uniqueName('project');
    this.projects.add(name);
    return this.client.getOrCreateProject(name);
  }

  /** A new task (and its project) with unique names. */
  task(): Promise<Task> {
    const project = uniqueName('project');
    this.projects.add(project);
    return this.client.getOrCreateTask(project, uniqueName('task'));
  }

  /** Marks a project name for clean-up. */
  track(projectName: string): void {
    this.projects.add(projectName);
  }

  /** A fresh temporary folder, removed at the end. */
  async folder(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ebonite-suite-'));
    this.folders.push(dir);
    return dir;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  async cleanUp(): Promise<void> {
    for (const name of this.projects) {
      try {
        const project = await this.client.getProject(name);
        if (project) await this.client.deleteProject(project, { cascade: true });
      } catch {
        // the client under test is broken: the check reports that
      }
    }
    for (const dir of this.folders) await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` with a fresh client from `options.create()`, then cleans up and closes it. */
export async function withClient(
  options: ClientTestOptions,
  fn: (scope: ClientScope) => Promise<void>,
): Promise<void> {
  return runInScope(new ClientScope(await options.create()), fn);
}
