#!/usr/bin/env bash
# Builds helm from its Go module (version pinned in hack/tools/helm/go.mod) into a cache outside
# the repo, and prints the binary's path:
#   ${GATEMAP_CACHE:-$HOME/.cache/gatemap}/helm-bin/<version>/helm
# An existing binary is not rebuilt. Cold build on 2 cores: see hack/tools/README.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mod="$root/hack/tools/helm"
cache=${GATEMAP_CACHE:-${HOME:?HOME must be set}/.cache/gatemap}
version=$(awk '($1 == "helm.sh/helm/v4" && $2 ~ /^v/) { print $2; exit } ($1 == "require" && $2 == "helm.sh/helm/v4") { print $3; exit }' "$mod/go.mod")
[ -n "$version" ] || { echo "cannot read the helm version from $mod/go.mod" >&2; exit 1; }
out="$cache/helm-bin/$version"
if [ ! -x "$out/helm" ]; then
  command -v go >/dev/null 2>&1 || { echo "building helm needs Go >= 1.26 on PATH" >&2; exit 1; }
  mkdir -p "$out"
  # Concurrent callers (parallel test files) wait for one build.
  exec 9>"$out/.build.lock"
  flock 9
  if [ ! -x "$out/helm" ]; then
    printf '[helm] building helm %s -> %s\n' "$version" "$out" >&2
    start=$SECONDS
    tmp=$(mktemp -d "$out/.tmp.XXXXXX")
    (cd "$mod" && GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw" \
      go build -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$version" \
      -o "$tmp/helm" helm.sh/helm/v4/cmd/helm)
    mv -f "$tmp/helm" "$out/helm"
    rmdir "$tmp"
    printf '[helm] built in %ss\n' "$((SECONDS - start))" >&2
  fi
fi
echo "$out/helm"
