import { Ebonite, type Model } from '@ebonite/core';
import type {
  ArtifactRepository,
  MetadataRepositoryV1,
  MetadataRepositoryV2,
} from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import { artifactCheckGroups } from '../src/artifact/index.js';
import type { ArtifactRepositoryTestOptions } from '../src/artifact/options.js';
import { findCheck } from '../src/check.js';
import { clientCheckGroups } from '../src/client/index.js';
import type { ClientTestOptions } from '../src/client/options.js';
import { metadataCheckGroups } from '../src/metadata/index.js';
import type { MetadataRepositoryTestOptions } from '../src/metadata/options.js';
import {
  CascadeKeepsAliasesMetadata,
  CheckThenActAliasMetadata,
  CheckThenActMetadata,
  CheckThenActVersionsMetadata,
  DeletePrefixArtifacts,
  DuplicateNamesMetadata,
  ImportKeepsRemovedAliasMetadata,
  InsertionOrderMetadata,
  LeakyArtifacts,
  LikeWildcardSearchMetadata,
  ListPrefixArtifacts,
  MaxPlusOneVersionsMetadata,
  NameTieBreakSearchMetadata,
  NoChildGuardMetadata,
  NonAtomicCascadeMetadata,
  NonAtomicImportMetadata,
  NoSkipVersionsMetadata,
  OldestFirstHistoryMetadata,
  OverwritingArtifacts,
  OverwritingCreationDateMetadata,
  PlainObjectIndexMetadata,
  PlainObjectListArtifacts,
  PrefixWithoutSlashArtifacts,
  ReplacingTagsMetadata,
  SetAliasesOnlyEventsMetadata,
  SharedObjectsMetadata,
  SilentDeleteAliasMetadata,
  SnapshotWriteMetadata,
  UnguardedDeleteMetadata,
  UnsortedListArtifacts,
  UntypedErrorsArtifacts,
  UpdateOverwritesTagsMetadata,
  Utf16OrderSearchMetadata,
} from './reference/broken.js';
import { KeyValueArtifacts } from './reference/key-value-artifacts.js';
import { MemoryMetadata, newMemoryStore } from './reference/memory-metadata.js';
import {
  MemoryMetadataV2,
  type MemoryStoreV2,
  newMemoryStoreV2,
} from './reference/memory-metadata-v2.js';

// The suite fails on broken implementations: each case runs one check against a repository that is
// wrong in one way, and expects that check to fail with the reason; the same check passes on the reference.

type MetadataClass = new (store: ReturnType<typeof newMemoryStore>) => MetadataRepositoryV1;
type ArtifactClass = new (objects: Map<string, Buffer>) => ArtifactRepository;

function metadataOptions(Repo: MetadataClass): MetadataRepositoryTestOptions {
  const store = newMemoryStore();
  return {
    name: Repo.name,
    create: async () => new Repo(store),
    capabilities: { persistent: true },
  };
}

function artifactOptions(Repo: ArtifactClass): ArtifactRepositoryTestOptions {
  const objects = new Map<string, Buffer>();
  return {
    name: Repo.name,
    create: async () => new Repo(objects),
    readBack: { file: async (id, name) => objects.get(`model/${id}/${name}`) ?? null },
  };
}

const metadataCases: Array<[MetadataClass, string, string, RegExp]> = [
  [
    PlainObjectIndexMetadata,
    'models',
    'names and params keys like Object.prototype members (__proto__, constructor) are stored and found',
    /model "/,
  ],
  [
    DuplicateNamesMetadata,
    'projects',
    'a taken name or id throws ExistingProjectError and changes nothing',
    /E_EXISTING_PROJECT/,
  ],
  [
    SharedObjectsMetadata,
    'projects',
    'createProject returns the record and stores a copy independent of the caller',
    /after the caller mutated/,
  ],
  [
    InsertionOrderMetadata,
    'projects',
    'getProjects lists in id order, whatever the creation order',
    /expected \[/,
  ],
  [
    CheckThenActMetadata,
    'concurrent writers',
    'of two concurrent createProject calls with the same name, exactly one wins',
    /exactly one of two concurrent creates/,
  ],
  [
    NoChildGuardMetadata,
    'deleting parents',
    'deleteProject with tasks and no cascade throws ProjectWithTasksError and deletes nothing',
    /E_PROJECT_WITH_TASKS/,
  ],
  [
    OverwritingCreationDateMetadata,
    'tasks',
    'updateTask keeps creationDate as stored',
    /updateTask result/,
  ],
  [
    OverwritingCreationDateMetadata,
    'models',
    'updateModel keeps creationDate as stored',
    /updateModel result/,
  ],
  [
    NonAtomicCascadeMetadata,
    'racing calls',
    'a cascade deleteProject racing createTask and createModel under it leaves nothing of the project',
    /of the deleted project/,
  ],
  [
    NonAtomicCascadeMetadata,
    'racing calls',
    'a cascade deleteProject racing creates under it through a second repository leaves nothing of the project',
    /of the deleted project/,
  ],
  [
    SnapshotWriteMetadata,
    'racing calls',
    '50 interleaved creates, reads and updates on one repository instance are all consistent',
    /every model, updates applied/,
  ],
];

const artifactCases: Array<[ArtifactClass, string, string, RegExp]> = [
  [
    PlainObjectListArtifacts,
    'push, list and open',
    'names like Object.prototype members (__proto__, constructor) and a 255-byte UTF-8 segment round-trip',
    /list\(/,
  ],
  [
    PrefixWithoutSlashArtifacts,
    'model isolation',
    'models whose ids are prefixes of each other (abc/abc0, 1/10) list only their own files',
    /trailing "\/"/,
  ],
  [
    PrefixWithoutSlashArtifacts,
    'model isolation',
    'deleting a model never deletes the files of a model whose id it prefixes, nor the reverse',
    /trailing "\/"/,
  ],
  [
    ListPrefixArtifacts,
    'model isolation',
    'models whose ids are prefixes of each other (abc/abc0, 1/10) list only their own files',
    /list\(/,
  ],
  [
    DeletePrefixArtifacts,
    'model isolation',
    'deleting a model never deletes the files of a model whose id it prefixes, nor the reverse',
    /list\(/,
  ],
  [
    LeakyArtifacts,
    'failed pushes',
    'a push whose second file stream fails part-way rejects and leaves the model with no files',
    /list after the failed push/,
  ],
  [
    LeakyArtifacts,
    'failed pushes',
    'a push whose list of files fails after the first file rejects and leaves the model with no files',
    /list after the failed push/,
  ],
  [
    UntypedErrorsArtifacts,
    'missing and existing files',
    'open of a missing file, a folder or a missing model throws NoSuchArtifactError; list of a missing model is []',
    /E_NO_SUCH_ARTIFACT, got Error: ENOENT/,
  ],
  [
    UnsortedListArtifacts,
    'push, list and open',
    'files in sub-folders, empty files and Unicode names round-trip byte for byte; list is sorted by name with sizes',
    /list\(/,
  ],
  [
    OverwritingArtifacts,
    'missing and existing files',
    'a second push for the same model throws ArtifactExistsError and leaves the first files unchanged',
    /E_ARTIFACT_EXISTS/,
  ],
];

describe('the metadata suite fails on broken repositories', () => {
  for (const [Repo, group, name, reason] of metadataCases) {
    it(`${Repo.name}: "${name}"`, async () => {
      const check = findCheck(metadataCheckGroups, group, name);
      await expect(check.run(metadataOptions(Repo))).rejects.toThrow(reason);
      await expect(check.run(metadataOptions(MemoryMetadata))).resolves.toBeUndefined();
    });
  }
});

type MetadataV2Class = new (store: MemoryStoreV2) => MetadataRepositoryV2;
const V2 = {
  versions: 'versions (v2)',
  tags: 'tags (v2)',
  aliases: 'aliases (v2)',
  events: 'alias history of a task (v2)',
  search: 'search (v2)',
};
const SEARCH_PAGES =
  'every query of the fixed list returns exactly the pages of the reference, page by page via after';
const metadataV2Cases: Array<[MetadataV2Class, string, string, RegExp]> = [
  [
    MaxPlusOneVersionsMetadata,
    V2.versions,
    'a version number is never reused, also after its model and every later one are deleted',
    /after deleting/,
  ],
  [
    NoSkipVersionsMetadata,
    V2.versions,
    'the allocator skips a number whose name v<n> is taken by a named model',
    /already exists|expected/,
  ],
  [
    CheckThenActVersionsMetadata,
    V2.versions,
    '20 racing unnamed creates on one repository get v1..v20, each once',
    /already exists|expected/,
  ],
  [
    CheckThenActVersionsMetadata,
    V2.versions,
    'unnamed creates racing through two repositories get distinct consecutive versions',
    /already exists|expected/,
  ],
  [
    ReplacingTagsMetadata,
    V2.tags,
    'setModelTags and setTaskTags merge: a value sets, null removes, other keys stay; the stored record is returned',
    /setModelTags result/,
  ],
  [
    UpdateOverwritesTagsMetadata,
    V2.tags,
    'updateTask and updateModel keep the stored tags',
    /updateModel without tags/,
  ],
  [
    UpdateOverwritesTagsMetadata,
    V2.versions,
    'updateModel keeps version, tags and creationDate as stored',
    /updateModel result/,
  ],
  [
    OldestFirstHistoryMetadata,
    V2.aliases,
    'moves and deletes are recorded newest first with their stamps; re-setting the same target records nothing',
    /the history/,
  ],
  [
    OldestFirstHistoryMetadata,
    V2.aliases,
    'history entries with the same time come back in the order they were recorded, newest first',
    /expected/,
  ],
  [
    UnguardedDeleteMetadata,
    V2.aliases,
    'deleting an aliased model throws ModelHasAliasesError naming the aliases; force removes them and records it',
    /E_MODEL_HAS_ALIASES/,
  ],
  [
    CascadeKeepsAliasesMetadata,
    V2.aliases,
    'a cascade deleteTask or deleteProject removes the aliases and their history',
    /after the task delete/,
  ],
  [
    CheckThenActAliasMetadata,
    V2.aliases,
    'racing moves of one alias on one repository leave exactly one winner and a complete history',
    /the history of racing moves|every move recorded/,
  ],
  [
    CheckThenActAliasMetadata,
    V2.aliases,
    'racing moves of one alias through two repositories leave exactly one winner and a complete history',
    /the history of racing moves|every move recorded/,
  ],
  [
    SilentDeleteAliasMetadata,
    V2.aliases,
    'errors: NonExistingTaskError, NonExistingModelError (absent or of another task), NonExistingAliasError',
    /E_NON_EXISTING_ALIAS/,
  ],
  [
    SetAliasesOnlyEventsMetadata,
    V2.events,
    'getAliasEvents returns every entry of every alias, removed ones included, by alias (UTF-8 bytes), oldest first in recorded order',
    /every entry of the task/,
  ],
  [
    ImportKeepsRemovedAliasMetadata,
    V2.events,
    "importAliasEvents appends the entries as given (models deleted since included) and sets each alias to its last entry's model",
    /prod removed/,
  ],
  [
    NonAtomicImportMetadata,
    V2.events,
    'importAliasEvents errors: NonExistingTaskError, NonExistingModelError (a last target absent or of another task), nothing written',
    /failed imports record nothing/,
  ],
  [Utf16OrderSearchMetadata, V2.search, SEARCH_PAGES, /"orderBy":"name"/],
  [LikeWildcardSearchMetadata, V2.search, SEARCH_PAGES, /"namePrefix":"a%"|namePrefix/],
  [NameTieBreakSearchMetadata, V2.search, SEARCH_PAGES, /"orderBy":"creationDate"/],
];

describe('the v2 metadata checks fail on broken repositories', () => {
  for (const [Repo, group, name, reason] of metadataV2Cases) {
    it(`${Repo.name}: "${name}"`, async () => {
      const check = findCheck(metadataCheckGroups, group, name);
      const options = (R: MetadataV2Class): MetadataRepositoryTestOptions => {
        const store = newMemoryStoreV2();
        return {
          name: R.name,
          create: async () => new R(store),
          capabilities: { persistent: true },
        };
      };
      await expect(check.run(options(Repo))).rejects.toThrow(reason);
      await expect(check.run(options(MemoryMetadataV2))).resolves.toBeUndefined();
    });
  }

  it('a v2 check on a v1 repository is skipped, not passed', async () => {
    const check = findCheck(
      metadataCheckGroups,
      V2.tags,
      'updateTask and updateModel keep the stored tags',
    );
    await expect(check.run(metadataOptions(MemoryMetadata))).rejects.toThrow(/not v2/);
  });
});

describe('the artifact suite fails on broken repositories', () => {
  for (const [Repo, group, name, reason] of artifactCases) {
    it(`${Repo.name}: "${name}"`, async () => {
      const check = findCheck(artifactCheckGroups, group, name);
      await expect(check.run(artifactOptions(Repo))).rejects.toThrow(reason);
      await expect(check.run(artifactOptions(KeyValueArtifacts))).resolves.toBeUndefined();
    });
  }
});

/** Deletes a model's metadata but forgets its files. */
class MetadataOnlyDeleteClient extends Ebonite {
  override async deleteModel(model: Model): Promise<void> {
    await this.meta.deleteModel(model.id);
  }
}

describe('the client suite fails on broken clients and repositories', () => {
  const clientOptions = (make: () => Ebonite): ClientTestOptions => ({
    name: 'broken',
    create: async () => make(),
  });
  const cases: Array<[string, () => Ebonite, string, string, RegExp]> = [
    [
      'a client whose deleteModel forgets the files',
      () => new MetadataOnlyDeleteClient(new MemoryMetadata(), new KeyValueArtifacts()),
      'deletes',
      'deleteModel removes its metadata and its artifacts, and nothing else',
      /the deleted model: artifacts/,
    ],
  ];
  for (const [label, make, group, name, reason] of cases) {
    it(`${label}: "${name}"`, async () => {
      const check = findCheck(clientCheckGroups, group, name);
      await expect(check.run(clientOptions(make))).rejects.toThrow(reason);
      await expect(
        check.run(clientOptions(() => new Ebonite(new MemoryMetadata(), new KeyValueArtifacts()))),
      ).resolves.toBeUndefined();
    });
  }

  it('the core itself removes what an artifact repository leaks after a failed push', async () => {
    const check = findCheck(
      clientCheckGroups,
      'failed pushes',
      'a push whose artifact stream fails leaves no metadata and no artifacts, and the name stays free',
    );
    await expect(
      check.run(clientOptions(() => new Ebonite(new MemoryMetadata(), new LeakyArtifacts()))),
    ).resolves.toBeUndefined();
  });
});
