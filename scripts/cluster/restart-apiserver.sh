#!/usr/bin/env bash
# Restarts kube-apiserver of a running cluster (SIGTERM, wait for exit, start
# again with the same flags, port and etcd data) and waits until it is ready.
# Lets tests check that watches/informers survive an apiserver restart.
#
#   scripts/cluster/restart-apiserver.sh [--name NAME]
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_name_arg "$@"
[ ${#REST_ARGS[@]} -eq 0 ] || die "unknown argument: ${REST_ARGS[*]}"
RUN=$(cluster_dir "$CLUSTER_NAME")
[ -f "$RUN/env" ] || die "cluster '$CLUSTER_NAME' is not running (no $RUN/env); start it with up.sh"

exec 8>"$GATEMAP_CLUSTER_DIR/.$CLUSTER_NAME.lock"
flock 8
load_env "$RUN"
pid_alive "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" || die "etcd of cluster '$CLUSTER_NAME' is not running; use down.sh + up.sh"

START=$SECONDS
log "stopping kube-apiserver of '$CLUSTER_NAME' (pid ${APISERVER_PID:-?})"
stop_pid "$RUN_DIR/kube-apiserver.pid" "$RUN_DIR/apiserver-certs/" 60
# the port must be released before we can bind it again
for ((i = 0; i < 100; i++)); do port_in_use "$APISERVER_PORT" || break; sleep 0.1; done
port_in_use "$APISERVER_PORT" && die "port $APISERVER_PORT still in use after stopping kube-apiserver"
log "starting kube-apiserver on $SERVER"
start_apiserver || die "kube-apiserver did not come back; see $RUN_DIR/kube-apiserver.log"
write_env
log "kube-apiserver of '$CLUSTER_NAME' restarted in $((SECONDS - START))s (pid $APISERVER_PID)"
