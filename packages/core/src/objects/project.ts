import type { ProjectRecord } from './records.js';

/** A project: the top of the hierarchy, holding tasks. Get one from a client (`getOrCreateProject`). */
export class Project implements ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly author: string;
  readonly creationDate: string;

  constructor(record: ProjectRecord) {
    this.id = record.id;
    this.name = record.name;
    this.author = record.author;
    this.creationDate = record.creationDate;
  }

  /** The plain record, as repositories store it. */
  toRecord(): ProjectRecord {
    return { id: this.id, name: this.name, author: this.author, creationDate: this.creationDate };
  }
}
