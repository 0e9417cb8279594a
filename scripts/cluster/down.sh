#!/usr/bin/env bash
# Stops a cluster started by up.sh and deletes its run dir (etcd data, PKI,
# kubeconfigs, logs). The binary cache is kept.
#
#   scripts/cluster/down.sh [--name NAME]   # default: default
#   scripts/cluster/down.sh --all           # every cluster under the clusters dir
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=0
args=()
for a in "$@"; do
  case "$a" in
    --all) ALL=1 ;;
    -h|--help) sed -n '2,7p' "$0" >&2; exit 0 ;;
    *) args+=("$a") ;;
  esac
done
parse_name_arg ${args[@]+"${args[@]}"}
[ ${#REST_ARGS[@]} -eq 0 ] || die "unknown argument: ${REST_ARGS[*]}"

down_one() { # <name>
  local name=$1 dir
  dir=$(cluster_dir "$name")
  mkdir -p "$GATEMAP_CLUSTER_DIR"
  (
    exec 8>"$GATEMAP_CLUSTER_DIR/.$name.lock"
    flock 8
    if [ ! -e "$dir" ]; then
      log "cluster '$name' is not present"
    else
      stop_pid "$dir/kube-apiserver.pid" "$dir/apiserver-certs/" 30
      stop_pid "$dir/etcd.pid" "$dir/etcd-data/" 30
      kill_referencing "$dir" # daemons whose pid file was lost
      rm -rf "$dir"
      log "cluster '$name' stopped and removed"
    fi
  )
}

if [ "$ALL" = 1 ]; then
  [ -d "$GATEMAP_CLUSTER_DIR" ] || exit 0
  for d in "$GATEMAP_CLUSTER_DIR"/*/; do
    [ -d "$d" ] || continue
    down_one "$(basename "$d")"
  done
else
  down_one "$CLUSTER_NAME"
fi
