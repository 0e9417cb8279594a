#!/usr/bin/env bash
# Renders the chart into the plain manifest for `kubectl apply -f` users:
#   deploy/manifests/gatemap.yaml = a Namespace + `helm template gatemap deploy/helm/gatemap
#   -n gatemap -f deploy/manifests/values.yaml`. A unit test keeps it identical to the chart.
#   scripts/render-manifest.sh [--check]   --check: fail when the file differs, write nothing
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
helm=$(bash "$root/scripts/build-helm.sh")
out="$root/deploy/manifests/gatemap.yaml"
render() {
  cat <<'HEADER'
# gatemap, rendered from deploy/helm/gatemap by scripts/render-manifest.sh; do not edit.
# Create the admin token's Secret first:
#   kubectl create namespace gatemap
#   kubectl -n gatemap create secret generic gatemap-admin --from-literal=token="gma_$(openssl rand -hex 24)"
#   kubectl apply -f gatemap.yaml
---
apiVersion: v1
kind: Namespace
metadata:
  name: gatemap
  labels:
    app.kubernetes.io/name: gatemap
    pod-security.kubernetes.io/enforce: restricted
HEADER
  "$helm" template gatemap "$root/deploy/helm/gatemap" --namespace gatemap -f "$root/deploy/manifests/values.yaml"
}
if [ "${1:-}" = --check ]; then
  diff -u "$out" <(render) >&2 || { echo "deploy/manifests/gatemap.yaml is stale: run pnpm chart:manifest" >&2; exit 1; }
else
  render >"$out"
  echo "$out"
fi
