# shellcheck shell=bash
# Sourced by scripts/demo, scripts/test and scripts/env. Makes the toolchain this repository
# needs available on a machine that has only Node 20 and npm, installing it the first time:
# Node 22 (from the npm package node-linux-<arch>, since Backstage 1.55 refuses Node 20),
# yarn 4 (the release committed under .yarn/releases), and the workspace's dependencies.
# Everything it downloads goes to $DYPLOMA_TOOLS (default ~/.cache/dyploma-tools), shared by
# every clone on the machine so a second clone starts in seconds.

DYPLOMA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DYPLOMA_TOOLS="${DYPLOMA_TOOLS:-$HOME/.cache/dyploma-tools}"
NODE_MAJOR_WANTED=22

log() { printf '\033[1;34m[dyploma]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[dyploma]\033[0m %s\n' "$*" >&2; exit 1; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

ensure_node() {
  local major arch pkg dir
  major=$(node_major node)
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    return 0
  fi
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no Node $NODE_MAJOR_WANTED package for $(uname -m); install Node 22 and retry" ;;
  esac
  pkg="node-linux-$arch"
  dir="$DYPLOMA_TOOLS/node$NODE_MAJOR_WANTED/node_modules/$pkg"
  if [ "$(node_major "$dir/bin/node")" != "$NODE_MAJOR_WANTED" ]; then
    command -v npm >/dev/null || die "npm is needed to install Node $NODE_MAJOR_WANTED"
    log "installing Node $NODE_MAJOR_WANTED into $DYPLOMA_TOOLS (first run only)"
    npm install --silent --no-audit --no-fund --prefix "$DYPLOMA_TOOLS/node$NODE_MAJOR_WANTED" \
      "$pkg@$NODE_MAJOR_WANTED" >&2 || die "could not install $pkg@$NODE_MAJOR_WANTED from the npm registry"
  fi
  export PATH="$dir/bin:$PATH"
  # Native modules (better-sqlite3) must build against the headers of the Node that loads them;
  # the machine's npmrc may point node-gyp at another version's headers.
  export npm_config_nodedir="$dir"
}

ensure_yarn() {
  local release shim
  release=$(ls "$DYPLOMA_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)
  shim="$DYPLOMA_TOOLS/bin"
  mkdir -p "$shim"
  printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$release" >"$shim/yarn"
  chmod +x "$shim/yarn"
  export PATH="$shim:$PATH"
  # Yarn's default registry may not be reachable; use the one npm is configured with, so no
  # registry host name needs to be committed.
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    YARN_NPM_REGISTRY_SERVER=$(npm config get registry 2>/dev/null | tail -n 1)
    export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER%/}"
  fi
  export YARN_ENABLE_TELEMETRY=0
  export YARN_ENABLE_PROGRESS_BARS=${YARN_ENABLE_PROGRESS_BARS:-false}
}

# Installs the workspace's dependencies when the lockfile or a manifest changed since the last
# install (or never happened), so repeated runs skip straight to the work.
ensure_deps() {
  local stamp="$DYPLOMA_ROOT/node_modules/.dyploma-install-stamp" sum
  sum=$(cd "$DYPLOMA_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json | sha1sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  # One install at a time, even when several shells start at once.
  mkdir -p "$DYPLOMA_ROOT/node_modules"
  exec 9>"$DYPLOMA_ROOT/node_modules/.dyploma-install.lock"
  flock 9
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    log "installing dependencies with yarn (about 3 minutes on a cold cache)"
    (cd "$DYPLOMA_ROOT" && yarn install --immutable >&2) || die "yarn install failed (see above)"
    echo "$sum" >"$stamp"
  fi
  flock -u 9
}

dyploma_toolchain() {
  ensure_node
  ensure_yarn
  ensure_deps
}
