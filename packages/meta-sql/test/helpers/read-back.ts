import type { ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';
import type { MetadataReadBack } from '@ebonite/test-suite';

/** Fetches one row of a table by id straight from the database, or undefined. */
export type RowReader = (
  table: 'projects' | 'tasks' | 'models',
  id: string,
) => Promise<Record<string, unknown> | undefined>;

const str = (value: unknown) => {
  if (typeof value !== 'string') throw new Error(`expected a text column, got ${typeof value}`);
  return value;
};

/** Read-back hooks that decode rows read by `read` (a separate connection) into records, independently of the plugin. */
export function readBackFrom(read: RowReader): MetadataReadBack {
  return {
    async project(id): Promise<ProjectRecord | null> {
      const row = await read('projects', id);
      return row
        ? {
            id: str(row.id),
            name: str(row.name),
            author: str(row.author),
            creationDate: str(row.creation_date),
          }
        : null;
    },
    async task(id): Promise<TaskRecord | null> {
      const row = await read('tasks', id);
      return row
        ? {
            id: str(row.id),
            name: str(row.name),
            author: str(row.author),
            creationDate: str(row.creation_date),
            projectId: str(row.project_id),
          }
        : null;
    },
    async model(id): Promise<ModelRecord | null> {
      const row = await read('models', id);
      if (!row) return null;
      return {
        id: str(row.id),
        name: str(row.name),
        author: str(row.author),
        creationDate: str(row.creation_date),
        taskId: str(row.task_id),
        description: str(row.description),
        params: JSON.parse(str(row.params)),
        requirements: JSON.parse(str(row.requirements)),
        artifacts: JSON.parse(str(row.artifacts)),
        wrapper: row.wrapper === null ? null : JSON.parse(str(row.wrapper)),
      };
    },
  };
}
