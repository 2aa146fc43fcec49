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
pnpm install --frozen-lockfile
pnpm build
pnpm demo
