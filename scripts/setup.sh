#!/usr/bin/env bash
# Sets up a fresh clone and runs the local walkthrough: pnpm (pinned), the workspace, the build, the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm $PNPM_VERSION"
  npm install --global "pnpm@$PNPM_VERSION" --no-fund --no-audit
fi
# better-sqlite3 compiles against the machine's Node headers; pnpm reads the directory only from the environment.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
# The SQLite durability tests count fsyncs with strace (Debian's package).
if ! command -v strace >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq strace >/dev/null
  else echo "note: strace is not installed; the SQLite sync-count tests need it (apt-get install strace)"; fi
fi
pnpm install --frozen-lockfile
pnpm build
pnpm demo
