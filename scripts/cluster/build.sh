#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd from Go modules into a cache outside
# the repo:
#   ${GATEMAP_CACHE:-$HOME/.cache/gatemap}/k8s-bin/<k8s-version>/{kube-apiserver,kubectl}
#   ${GATEMAP_CACHE:-$HOME/.cache/gatemap}/k8s-bin/etcd-<etcd-version>/etcd
# Versions come from hack/tools/{kube-apiserver,etcd}/go.mod. Binaries that
# already exist are not rebuilt (use --force to rebuild).
#
# Cold build on 2 cores: see hack/tools/README.md. Uses the ambient GOMODCACHE /
# GOCACHE; extra flags for `go build` can be passed in GATEMAP_GO_BUILD_FLAGS
# (e.g. "-p 1" on a small machine).
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FORCE=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done

command -v go >/dev/null 2>&1 || die "go not found in PATH"
mkdir -p "$GATEMAP_CACHE/k8s-bin"

# Serialise concurrent builds (e.g. parallel up.sh calls).
exec 9>"$GATEMAP_CACHE/k8s-bin/.build.lock"
if ! flock -n 9; then
  log "another build is running; waiting for it"
  flock 9
fi

if [ "$FORCE" = 0 ] && binaries_present; then
  log "binaries present: $K8S_BIN_DIR, $ETCD_BIN_DIR"
  exit 0
fi

export CGO_ENABLED=0
read -r -a EXTRA_FLAGS <<<"${GATEMAP_GO_BUILD_FLAGS:-}"
log "$(go version); GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)"

# Source commit of a module version, as reported by the proxy (may be empty).
module_commit() { # <dir> <module@version>
  (cd "$1" && go mod download -json "$2" 2>/dev/null) |
    sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)",*$/\1/p' | head -1
}

build_k8s() {
  local mod="$TOOLS_DIR/kube-apiserver" tmp start commit major minor ldflags p
  log "building kube-apiserver + kubectl $K8S_VERSION -> $K8S_BIN_DIR (cold: ~10+ min on 2 cores)"
  start=$SECONDS
  (cd "$mod" && go mod download) # fetch everything first: progress is easier to follow
  log "modules downloaded after $((SECONDS - start))s; compiling"
  commit=$(module_commit "$mod" "k8s.io/kubernetes@$K8S_VERSION")
  major=$(echo "${K8S_VERSION#v}" | cut -d. -f1)
  minor=$(echo "${K8S_VERSION#v}" | cut -d. -f2)
  # Same symbols as upstream hack/lib/version.sh; constant buildDate keeps builds reproducible.
  ldflags="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
    [ -n "$commit" ] && ldflags+=" -X $p.gitCommit=$commit"
  done
  mkdir -p "$K8S_BIN_DIR"
  tmp=$(mktemp -d "$K8S_BIN_DIR/.tmp.XXXXXX")
  (cd "$mod" && go build -trimpath "${EXTRA_FLAGS[@]}" -ldflags "$ldflags" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl)
  mv -f "$tmp/kube-apiserver" "$KUBE_APISERVER"
  mv -f "$tmp/kubectl" "$KUBECTL"
  rmdir "$tmp"
  log "kube-apiserver + kubectl built in $((SECONDS - start))s"
}

build_etcd() {
  local mod="$TOOLS_DIR/etcd" tmp start commit ldflags="-s -w"
  log "building etcd $ETCD_VERSION -> $ETCD_BIN_DIR"
  start=$SECONDS
  (cd "$mod" && go mod download)
  commit=$(module_commit "$mod" "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  [ -n "$commit" ] && ldflags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=${commit:0:10}"
  mkdir -p "$ETCD_BIN_DIR"
  tmp=$(mktemp -d "$ETCD_BIN_DIR/.tmp.XXXXXX")
  (cd "$mod" && go build -trimpath "${EXTRA_FLAGS[@]}" -ldflags "$ldflags" -o "$tmp/etcd" go.etcd.io/etcd/server/v3)
  mv -f "$tmp/etcd" "$ETCD"
  rmdir "$tmp"
  log "etcd built in $((SECONDS - start))s"
}

# Remove leftovers of builds that were killed midway.
rm -rf "$K8S_BIN_DIR"/.tmp.* "$ETCD_BIN_DIR"/.tmp.* 2>/dev/null || true

if [ "$FORCE" = 1 ] || [ ! -x "$ETCD" ]; then build_etcd; fi
if [ "$FORCE" = 1 ] || [ ! -x "$KUBE_APISERVER" ] || [ ! -x "$KUBECTL" ]; then build_k8s; fi

"$ETCD" --version | head -1 >&2
"$KUBE_APISERVER" --version >&2
"$KUBECTL" version --client=true >&2 || true
log "done: $K8S_BIN_DIR $ETCD_BIN_DIR"
