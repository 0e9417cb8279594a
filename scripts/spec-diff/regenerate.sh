#!/usr/bin/env bash
# Rewrites the pinned Envoy Gateway translator outputs of the differential test
# (packages/topology/test/spec-diff/translated/) from its scenarios, with the translator its
# controller runs: `egctl x translate --from gateway-api --to gateway-api`, at EG_VERSION.
#
# Needs Go. egctl is built once into $GATEMAP_CACHE/egctl-$EG_VERSION (about 20 minutes on two
# cores, ~3.5 GB of module and build cache under $GATEMAP_CACHE); nothing is written to the repo
# but the outputs. Run from anywhere: bash scripts/spec-diff/regenerate.sh
set -euo pipefail

EG_VERSION=v1.9.0
GATEMAP_CACHE="${GATEMAP_CACHE:-$HOME/.cache/gatemap}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIFF="$ROOT/packages/topology/test/spec-diff"
BIN_DIR="$GATEMAP_CACHE/egctl-$EG_VERSION"
EGCTL="$BIN_DIR/egctl"

if [ ! -x "$EGCTL" ]; then
  command -v go >/dev/null 2>&1 || { echo "regenerate: Go is needed to build egctl $EG_VERSION" >&2; exit 1; }
  echo "regenerate: building egctl $EG_VERSION into $BIN_DIR" >&2
  mkdir -p "$BIN_DIR"
  # The module's own go.mod pins every dependency; the caches stay outside the repository.
  GOFLAGS=-mod=mod GOBIN="$BIN_DIR" GOCACHE="$GATEMAP_CACHE/gocache" GOMODCACHE="$GATEMAP_CACHE/gomodcache" \
    go install "github.com/envoyproxy/gateway/cmd/egctl@$EG_VERSION"
fi

mkdir -p "$DIFF/translated"
for scenario in "$DIFF"/scenarios/*.yaml; do
  name="$(basename "$scenario")"
  out="$DIFF/translated/$name"
  {
    printf '# Envoy Gateway %s: egctl x translate --from gateway-api --to gateway-api -f scenarios/%s\n' "$EG_VERSION" "$name"
    printf '# Written by scripts/spec-diff/regenerate.sh; do not edit.\n'
    "$EGCTL" x translate --from gateway-api --to gateway-api -f "$scenario"
  } >"$out.partial"
  mv "$out.partial" "$out"
  echo "regenerate: $name" >&2
done
