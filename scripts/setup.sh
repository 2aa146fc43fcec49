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
# Debian packages the tests use: strace (the SQLite durability tests count fsyncs with it) and
# chromium (the web pages' browser tests drive it with playwright-core).
missing=()
command -v strace >/dev/null 2>&1 || missing+=(strace)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${missing[*]} (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else echo "note: ${missing[*]} not installed; some tests need them (apt-get install ${missing[*]})"; fi
fi
pnpm install --frozen-lockfile
pnpm build
pnpm demo
