#!/usr/bin/env bash
# Runs the built kubectl against a cluster started by up.sh, as admin.
#
#   scripts/cluster/kubectl.sh [--name NAME] ARGS...
# (--name must come first; everything after it is passed to kubectl)
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_NAME=default
case "${1:-}" in
  --name) [ $# -ge 2 ] || die "--name needs a value"; CLUSTER_NAME=$2; shift 2 ;;
  --name=*) CLUSTER_NAME=${1#--name=}; shift ;;
esac
validate_name "$CLUSTER_NAME"
RUN=$(cluster_dir "$CLUSTER_NAME")
load_env "$RUN" || die "cluster '$CLUSTER_NAME' is not running (no $RUN/env); start it with up.sh"
export KUBECACHEDIR
exec "$KUBECTL" --kubeconfig "$KUBECONFIG_ADMIN" "$@"
