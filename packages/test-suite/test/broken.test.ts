import { Ebonite, type Model } from '@ebonite/core';
import type { ArtifactRepository, MetadataRepositoryV1 } from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import { artifactCheckGroups } from '../src/artifact/index.js';
import type { ArtifactRepositoryTestOptions } from '../src/artifact/options.js';
import { findCheck } from '../src/check.js';
import { clientCheckGroups } from '../src/client/index.js';
import type { ClientTestOptions } from '../src/client/options.js';
import { metadataCheckGroups } from '../src/metadata/index.js';
import type { MetadataRepositoryTestOptions } from '../src/metadata/options.js';
import {
  CheckThenActMetadata,
  DeletePrefixArtifacts,
  DuplicateNamesMetadata,
  InsertionOrderMetadata,
  LeakyArtifacts,
  ListPrefixArtifacts,
  NoChildGuardMetadata,
  NonAtomicCascadeMetadata,
  OverwritingArtifacts,
  OverwritingCreationDateMetadata,
  PlainObjectIndexMetadata,
  PlainObjectListArtifacts,
  PrefixWithoutSlashArtifacts,
  SharedObjectsMetadata,
  SnapshotWriteMetadata,
  UnsortedListArtifacts,
  UntypedErrorsArtifacts,
} from './reference/broken.js';
import { KeyValueArtifacts } from './reference/key-value-artifacts.js';
import { MemoryMetadata, newMemoryStore } from './reference/memory-metadata.js';

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
