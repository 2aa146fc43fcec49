/** The page URLs: every name is one encoded path segment, so any name makes a valid, unambiguous link. */
const seg = encodeURIComponent;

export const webPaths = {
  home: () => '/',
  project: (project: string) => `/p/${seg(project)}`,
  task: (project: string, task: string) => `/p/${seg(project)}/${seg(task)}`,
  model: (project: string, task: string, model: string) =>
    `/p/${seg(project)}/${seg(task)}/${seg(model)}`,
  /** The API's download route of one artifact (artifact names may hold `/`: each part is encoded). */
  download: (project: string, task: string, model: string, artifact: string) =>
    `/api/v1/projects/${seg(project)}/tasks/${seg(task)}/models/${seg(model)}/artifacts/${artifact
      .split('/')
      .map(seg)
      .join('/')}`,
  search: () => '/search',
  compare: (project: string, task: string) => `/compare/${seg(project)}/${seg(task)}`,
  /** The form actions (POST, write scope): under their own prefix, so no name can shadow them. */
  setTags: (project: string, task: string, model: string) =>
    `/actions/tags/${seg(project)}/${seg(task)}/${seg(model)}`,
  moveAlias: (project: string, task: string) => `/actions/alias/${seg(project)}/${seg(task)}`,
  removeAlias: (project: string, task: string) =>
    `/actions/alias-remove/${seg(project)}/${seg(task)}`,
  signIn: () => '/sign-in',
  signOut: () => '/sign-out',
  asset: (file: string) => `/assets/${file}`,
};

/** A URL with a query string; entries whose value is undefined or '' are left out. */
export function withQuery(
  path: string,
  query: Record<string, string | number | undefined | string[]>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of [value].flat()) if (v !== undefined && v !== '') params.append(key, String(v));
  }
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/** `next` when it is a path on this site (`/...`, not `//host`), else the home page: no open redirect. */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
