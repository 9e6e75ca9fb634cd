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
manifests_sum() {
  (cd "$DYPLOMA_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json | sha1sum | cut -d' ' -f1)
}

ensure_deps() {
  local stamp="$DYPLOMA_ROOT/node_modules/.dyploma-install-stamp" sum
  sum=$(manifests_sum)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  # One install at a time, even when several shells start at once.
  mkdir -p "$DYPLOMA_ROOT/node_modules"
  exec 9>"$DYPLOMA_ROOT/node_modules/.dyploma-install.lock"
  flock 9
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    log "installing dependencies with yarn (about 3 minutes on a cold cache)"
    # CI must build exactly what the committed lockfile says; a developer who just added
    # a dependency gets the lockfile updated.
    if ! (cd "$DYPLOMA_ROOT" && yarn install ${CI:+--immutable} >"$DYPLOMA_TOOLS/yarn-install.log" 2>&1); then
      grep -E 'YN0001|YN0028|YN0082|YN0009|Error' "$DYPLOMA_TOOLS/yarn-install.log" | head -n 40 >&2
      die "yarn install failed; the whole log is in $DYPLOMA_TOOLS/yarn-install.log"
    fi
    # Yarn may have rewritten the lockfile or a manifest.
    manifests_sum >"$stamp"
  fi
  flock -u 9
}

dyploma_toolchain() {
  ensure_node
  ensure_yarn
  ensure_deps
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    die "need root to run: $*"
  fi
}

# The store tests run on SQLite and on this machine's PostgreSQL (127.0.0.1:5432, user
# postgres, trust auth). Start it if it is down, install Debian's package if it is absent:
# PostgreSQL is never skipped.
ensure_postgres() {
  local host=127.0.0.1 port=5432 version major
  if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      log "installing PostgreSQL from Debian's packages (first run only)"
      as_root apt-get update -qq >&2 || true
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2 ||
        die "could not install postgresql"
      # Debian's default is peer/md5 auth; the tests connect as postgres without a password.
      for hba in /etc/postgresql/*/main/pg_hba.conf; do
        as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
      done
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
    pg_isready -q -h "$host" -p "$port" || die "PostgreSQL does not answer on $host:$port"
  fi
  major=$(psql -h "$host" -p "$port" -U postgres -tAc 'show server_version_num' 2>/dev/null | cut -c1-2)
  [ -n "$major" ] || die "cannot log in to PostgreSQL on $host:$port as postgres (trust auth expected)"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres@$host:$port"
}

# Browser tests drive Debian's Chromium with playwright-core; a downloaded browser is never
# used (the machines reach only the npm registry and Debian's packages).
ensure_chromium() {
  export DYPLOMA_CHROMIUM="${DYPLOMA_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$DYPLOMA_CHROMIUM" ] && return 0
  log "installing Chromium from Debian's packages (first run only)"
  as_root apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >&2 ||
    die "could not install chromium"
}
