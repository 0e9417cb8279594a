#!/usr/bin/env bash
# Installs what the integration and end-to-end tests need beyond Node: Debian's Chromium (the
# browser Playwright drives), the tools that build the container image (mmdebstrap, buildah),
# checks for Go (the control plane is built from Go modules by scripts/cluster/build.sh, which
# the integration tests' global setup runs), builds helm from its Go module (the chart tests) and
# fetches the Envoy Gateway policy CRDs (the policy tests).
set -euo pipefail
log() { printf '\033[2m[setup]\033[0m %s\n' "$*" >&2; }
need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
fonts=$(fc-list 2>/dev/null | wc -l || echo 0)
[ "$fonts" -gt 0 ] || need_apt+=(fonts-dejavu-core)
# The image is assembled from Debian's packages (scripts/image/build.sh); only as root, since
# mmdebstrap and the root filesystem test need it (the image test says so and skips otherwise).
if [ "$(id -u)" -eq 0 ]; then
  command -v mmdebstrap >/dev/null 2>&1 || need_apt+=(mmdebstrap)
  command -v buildah >/dev/null 2>&1 || need_apt+=(buildah)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "gatemap tests need: ${need_apt[*]} (Debian packages). Install them as root." >&2
    exit 1
  fi
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  log "installing ${need_apt[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi
if ! command -v go >/dev/null 2>&1; then
  echo "gatemap's integration tests build kube-apiserver and etcd from Go modules and need Go >= 1.25 on PATH." >&2
  exit 1
fi
# helm, pinned in hack/tools/helm/go.mod and cached outside the repository (a few minutes once).
bash "$(dirname "${BASH_SOURCE[0]}")/build-helm.sh" >/dev/null
# Envoy Gateway's policy CRDs for the policy integration tests, pinned in
# hack/tools/envoy-gateway/go.mod and cached outside the repository (seconds once).
bash "$(dirname "${BASH_SOURCE[0]}")/cluster/envoy-gateway-crds.sh" >/dev/null
