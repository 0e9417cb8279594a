# shellcheck shell=bash
# Shared helpers for scripts/cluster/*.sh. Source it; do not execute it.

CLUSTER_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$CLUSTER_SCRIPTS_DIR/../.." && pwd)
TOOLS_DIR="$REPO_ROOT/hack/tools"

GATEMAP_CACHE=${GATEMAP_CACHE:-${HOME:?HOME must be set}/.cache/gatemap}
GATEMAP_CLUSTER_DIR=${GATEMAP_CLUSTER_DIR:-$GATEMAP_CACHE/clusters}

export GOTOOLCHAIN=local
export GOWORK=off
case " ${GOFLAGS:-} " in
  *" -modcacherw "*) ;;
  *) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw" ;;
esac

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }

# Version of a required module, read straight from a wrapper go.mod (no network).
gomod_version() { # <go.mod> <module path>
  awk -v m="$2" '($1==m && $2 ~ /^v/){print $2; exit} ($1=="require" && $2==m){print $3; exit}' "$1"
}

K8S_VERSION=$(gomod_version "$TOOLS_DIR/kube-apiserver/go.mod" k8s.io/kubernetes)
ETCD_VERSION=$(gomod_version "$TOOLS_DIR/etcd/go.mod" go.etcd.io/etcd/server/v3)
GATEWAY_API_VERSION=$(gomod_version "$TOOLS_DIR/gateway-api/go.mod" sigs.k8s.io/gateway-api)
[ -n "$K8S_VERSION" ] || die "cannot read k8s.io/kubernetes version from hack/tools/kube-apiserver/go.mod"
[ -n "$ETCD_VERSION" ] || die "cannot read etcd version from hack/tools/etcd/go.mod"
[ -n "$GATEWAY_API_VERSION" ] || die "cannot read gateway-api version from hack/tools/gateway-api/go.mod"

K8S_BIN_DIR="$GATEMAP_CACHE/k8s-bin/$K8S_VERSION"
ETCD_BIN_DIR="$GATEMAP_CACHE/k8s-bin/etcd-$ETCD_VERSION"
KUBE_APISERVER="$K8S_BIN_DIR/kube-apiserver"
KUBECTL="$K8S_BIN_DIR/kubectl"
ETCD="$ETCD_BIN_DIR/etcd"

binaries_present() {
  [ -x "$KUBE_APISERVER" ] && [ -x "$KUBECTL" ] && [ -x "$ETCD" ]
}

# Parses the common --name flag; leaves the remaining args in REST_ARGS.
parse_name_arg() {
  CLUSTER_NAME=default
  REST_ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --name) [ $# -ge 2 ] || die "--name needs a value"; CLUSTER_NAME=$2; shift 2 ;;
      --name=*) CLUSTER_NAME=${1#--name=}; shift ;;
      *) REST_ARGS+=("$1"); shift ;;
    esac
  done
  validate_name "$CLUSTER_NAME"
}

validate_name() {
  [[ "$1" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] ||
    die "invalid cluster name '$1' (lowercase letters, digits, '-')"
}

cluster_dir() { printf '%s/%s' "$GATEMAP_CLUSTER_DIR" "$1"; }

# True if the pid in <pidfile> is alive and its command line contains <needle>
# (guards against a stale pid file whose pid got reused by another process).
pid_alive() { # <pidfile> <needle>
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$2"
}

# SIGTERM the process in <pidfile> (if it is ours), wait up to <timeout>s, then SIGKILL.
stop_pid() { # <pidfile> <needle> [timeout]
  local pidfile=$1 needle=$2 timeout=${3:-30} pid i
  if pid_alive "$pidfile" "$needle"; then
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid ($needle) did not exit after ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$pidfile"
}

# A free TCP port on 127.0.0.1 (the kernel picks; tiny race window until bound).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

port_in_use() { # <port>
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

need_cmd() {
  local missing=() c
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing missing tools with apt-get: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    die "missing required tools: ${missing[*]} (install them, e.g. apt-get install ${missing[*]})"
  fi
}

# ---------------------------------------------------------------------------
# Cluster state. A cluster's run dir holds:
#   env                       KEY=VALUE (shell-quoted with %q): ports, pids, paths
#   pki/                      CA, serving cert, admin client cert, SA keys, tokens.csv
#   etcd-data/ apiserver-certs/   data dirs
#   etcd.log kube-apiserver.log   logs
#   etcd.pid kube-apiserver.pid
#   kubeconfig kubeconfig-limited

write_env() { # writes $RUN_DIR/env from the current shell variables
  local k tmp="$RUN_DIR/env.tmp"
  : >"$tmp"
  for k in CLUSTER_NAME RUN_DIR CRDS K8S_VERSION ETCD_VERSION GATEWAY_API_VERSION \
    KUBECTL KUBE_APISERVER ETCD APISERVER_PORT ETCD_PORT ETCD_PEER_PORT SERVER \
    ETCD_PID APISERVER_PID KUBECONFIG_ADMIN KUBECONFIG_LIMITED ADMIN_TOKEN LIMITED_TOKEN \
    LIMITED_USER CA_FILE KUBECACHEDIR APISERVER_EXTRA_ARGS; do
    printf '%s=%q\n' "$k" "${!k-}" >>"$tmp"
  done
  mv -f "$tmp" "$RUN_DIR/env"
}

load_env() { # <run dir>
  [ -f "$1/env" ] || return 1
  # shellcheck disable=SC1091
  source "$1/env"
}

# Pids of processes (other than us) whose command line mentions <dir>: catches
# daemons whose pid file was lost because a previous run was killed midway.
pids_referencing() { # <dir>
  local p cmd
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = "$$" ] && continue
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
    case "$cmd" in
      *"--data-dir=$1/"* | *"--cert-dir=$1/"*) echo "$p" ;;
    esac
  done
}

kill_referencing() { # <dir>
  local pids p i
  pids=$(pids_referencing "$1")
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

etcd_healthy() {
  curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/readyz" >/dev/null 2>&1 ||
    curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" >/dev/null 2>&1
}

apiserver_ready() {
  curl -sf --max-time 3 --cacert "$RUN_DIR/pki/ca.crt" \
    --cert "$RUN_DIR/pki/admin.crt" --key "$RUN_DIR/pki/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz" >/dev/null 2>&1
}

# Starts a detached daemon: own session, stdin from /dev/null, output to a log,
# no inherited lock fds. Sets LAST_PID.
spawn() { # <logfile> <cmd...>
  local logfile=$1
  shift
  setsid nohup "$@" </dev/null >>"$logfile" 2>&1 8>&- 9>&- &
  LAST_PID=$!
}

# waits until <check> succeeds; fails early if the process in <pidfile> exits. Only whether the
# process runs is checked here, not its command line: just after spawn it may still be the shell
# that has not yet exec'ed the program (a busy machine stretches that), which is no exit.
wait_for() { # <what> <timeout-s> <pidfile> <needle> <logfile> <check cmd...>
  local what=$1 timeout=$2 pidfile=$3 logfile=$5 deadline pid
  shift 5
  deadline=$((SECONDS + timeout))
  pid=$(cat "$pidfile" 2>/dev/null) || pid=''
  until "$@"; do
    if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
      log "$what exited during startup; last lines of $logfile:"
      tail -n 25 "$logfile" >&2 || true
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$what not ready after ${timeout}s; last lines of $logfile:"
      tail -n 25 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

start_etcd() {
  spawn "$RUN_DIR/etcd.log" "$ETCD" \
    --name=gatemap \
    --data-dir="$RUN_DIR/etcd-data/" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="gatemap=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync=true \
    --log-level=warn
  ETCD_PID=$LAST_PID
  echo "$ETCD_PID" >"$RUN_DIR/etcd.pid"
  wait_for etcd 60 "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" "$RUN_DIR/etcd.log" etcd_healthy
}

start_apiserver() {
  local extra=()
  [ -n "${APISERVER_EXTRA_ARGS:-}" ] && read -r -a extra <<<"$APISERVER_EXTRA_ARGS"
  local pki="$RUN_DIR/pki"
  spawn "$RUN_DIR/kube-apiserver.log" "$KUBE_APISERVER" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 \
    --secure-port="$APISERVER_PORT" \
    --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none \
    --cert-dir="$RUN_DIR/apiserver-certs/" \
    --tls-cert-file="$pki/apiserver.crt" \
    --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --token-auth-file="$pki/tokens.csv" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" \
    --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --authorization-mode=RBAC \
    --disable-admission-plugins=ServiceAccount \
    --allow-privileged=true \
    --shutdown-watch-termination-grace-period=2s \
    --v=1 \
    "${extra[@]}"
  APISERVER_PID=$LAST_PID
  echo "$APISERVER_PID" >"$RUN_DIR/kube-apiserver.pid"
  wait_for kube-apiserver 180 "$RUN_DIR/kube-apiserver.pid" "$RUN_DIR/apiserver-certs/" \
    "$RUN_DIR/kube-apiserver.log" apiserver_ready
}
