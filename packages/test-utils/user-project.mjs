// A user's project in a temporary folder, laid out as npm would, on the workspace's BUILT packages; and
// scripts run in it by a fresh Node process.
import { execFile } from 'node:child_process';
import { cp, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Lays out a user's project in `dir`: the workspace packages `packages` (folder names under the folder
 * holding `self`) linked into node_modules/@ebonite, and the package under test (`self`, its folder) with
 * its `runtimeModules` (module name -> version range, linked from its own node_modules). Without the
 * runtime, the package under test is a copy (dist and package.json), not a link, so nothing resolves the
 * runtime from it.
 */
export async function userProject({ dir, self, packages, runtimeModules = {}, runtime = true }) {
  const name = basename(self);
  const scope = join(dir, 'node_modules', '@ebonite');
  await mkdir(scope, { recursive: true });
  for (const linked of packages)
    await symlink(join(dirname(self), linked), join(scope, linked), 'dir');
  if (runtime) {
    await symlink(self, join(scope, name), 'dir');
    for (const module of Object.keys(runtimeModules)) {
      const target = join(dir, 'node_modules', module);
      await mkdir(dirname(target), { recursive: true });
      await symlink(await realpath(join(self, 'node_modules', module)), target, 'dir');
    }
  } else {
    await cp(join(self, 'dist'), join(scope, name, 'dist'), { recursive: true });
    await cp(join(self, 'package.json'), join(scope, name, 'package.json'));
  }
  const dependencies = Object.fromEntries([...packages, name].map((n) => [`@ebonite/${n}`, '*']));
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'user-project',
      type: 'module',
      dependencies: { ...dependencies, ...(runtime && runtimeModules) },
    }),
  );
  return dir;
}

/** Runs an ES module script in a new Node process inside `project`; resolves to the JSON it prints last. */
export async function runScript(project, script) {
  const file = join(project, `script-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, script);
  // Without the workspace's NODE_PATH (set by pnpm's bin shims), which would make every hoisted package resolvable.
  const { NODE_PATH: _, ...env } = process.env;
  try {
    const { stdout } = await run(process.execPath, [file], {
      cwd: project,
      timeout: 30_000,
      env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } catch (error) {
    throw new Error(
      `script failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`,
    );
  }
}
