import type { Tags, TaskRecord } from './records.js';

/** A task: the models trained for one problem, inside a project. Get one from a client (`getOrCreateTask`). */
export class Task implements TaskRecord {
  readonly id: string;
  readonly name: string;
  readonly author: string;
  readonly creationDate: string;
  readonly projectId: string;
  /** Free-form labels; change them with `client.setTaskTags`. */
  readonly tags: Tags;

  constructor(record: TaskRecord) {
    this.id = record.id;
    this.name = record.name;
    this.author = record.author;
    this.creationDate = record.creationDate;
    this.projectId = record.projectId;
    this.tags = record.tags ?? {};
  }

  /** The plain record, as repositories store it. */
  toRecord(): TaskRecord {
    return {
      id: this.id,
      name: this.name,
      author: this.author,
      creationDate: this.creationDate,
      projectId: this.projectId,
      tags: { ...this.tags },
    };
  }
}
