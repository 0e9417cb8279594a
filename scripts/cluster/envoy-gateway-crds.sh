#!/usr/bin/env bash
# Prints the directory holding Envoy Gateway's policy CRDs (ClientTrafficPolicy,
# BackendTrafficPolicy, SecurityPolicy, EnvoyExtensionPolicy), as plain YAML that
# `kubectl apply --server-side -f DIR` installs.
#
#   scripts/cluster/envoy-gateway-crds.sh
#
# The release is pinned in hack/tools/envoy-gateway/go.mod and fetched from the Go
# module proxy (`go mod download -json`). Its files under
# charts/gateway-crds-helm/templates/generated/ are Helm templates: each CRD is
# wrapped in one `{{- if .Values.crds.envoyGateway.enabled }}` … `{{- end }}` pair,
# which is removed here; any other template line stops the script. The result is
# cached in ${GATEMAP_CACHE:-$HOME/.cache/gatemap}/envoy-gateway-crds/<version>/,
# never in the repository. The last line on stdout is the directory; logs go to stderr.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EG_MODULE=github.com/envoyproxy/gateway
EG_VERSION=$(gomod_version "$TOOLS_DIR/envoy-gateway/go.mod" "$EG_MODULE")
[ -n "$EG_VERSION" ] || die "cannot read the $EG_MODULE version from hack/tools/envoy-gateway/go.mod"
KINDS=(clienttrafficpolicies backendtrafficpolicies securitypolicies envoyextensionpolicies)

OUT="$GATEMAP_CACHE/envoy-gateway-crds/$EG_VERSION"
if [ -f "$OUT/.complete" ]; then
  echo "$OUT"
  exit 0
fi

mkdir -p "$GATEMAP_CACHE/envoy-gateway-crds"
# One writer at a time (parallel test runs share the cache).
exec 8>"$GATEMAP_CACHE/envoy-gateway-crds/.lock"
flock 8
if [ -f "$OUT/.complete" ]; then
  echo "$OUT"
  exit 0
fi

need_cmd go
log "fetching $EG_MODULE $EG_VERSION from the Go module proxy"
dir=$(cd "$TOOLS_DIR/envoy-gateway" && go mod download -json "$EG_MODULE" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
generated="$dir/charts/gateway-crds-helm/templates/generated"
[ -d "$generated" ] || die "Envoy Gateway CRD templates not found: $generated"

tmp=$(mktemp -d "$GATEMAP_CACHE/envoy-gateway-crds/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for plural in "${KINDS[@]}"; do
  src="$generated/gateway.envoyproxy.io_$plural.yaml"
  [ -f "$src" ] || die "missing $src"
  # The wrapping `{{- if … }}` / `{{- end }}` lines go; a template expression anywhere else
  # would need rendering, which this script does not do.
  grep -vE '^\{\{-? *(if \.Values\.crds\.envoyGateway\.enabled|end) *-?\}\}$' "$src" >"$tmp/$plural.yaml"
  if grep -n '{{' "$tmp/$plural.yaml" >&2; then
    die "$src holds template lines other than the enabling if/end: render it with helm instead"
  fi
  grep -q "^kind: CustomResourceDefinition$" "$tmp/$plural.yaml" || die "$src holds no CustomResourceDefinition"
done
touch "$tmp/.complete"
rm -rf "$OUT"
mv "$tmp" "$OUT"
trap - EXIT
log "Envoy Gateway $EG_VERSION policy CRDs in $OUT"
echo "$OUT"
