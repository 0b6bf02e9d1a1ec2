#!/usr/bin/env bash
# A cluster of separate hosts on one Linux machine: one network namespace per member, each with its own
# address on a private bridge, every member started from an UNPACKED distribution (bin/slm, conf/nodes).
#
#   nodes/netns-cluster.sh up                 bridge + 7 namespaces + 7 members; waits until all are Up
#   nodes/netns-cluster.sh partition LABEL    cuts the member's link (ip link set DEV down)
#   nodes/netns-cluster.sh partition L1 L2 .. cuts these members off together: their links move to a
#                                             bridge of their own, so they still see each other (one
#                                             side of a split) but not the rest
#   nodes/netns-cluster.sh heal LABEL [L2 ..] links up and back on the bridge; restarts each member
#                                             that exited (as its systemd unit would), waits until Up
#   nodes/netns-cluster.sh status             namespaces, addresses, links, processes
#   nodes/netns-cluster.sh down               stops the members, removes namespaces and bridge (idempotent)
#
# Needs root (ip netns, veth, bridge). Settings (environment):
#   SLM_DIST          the unpacked distribution (the directory holding bin/slm); required for up / heal
#   SLM_NETNS_PREFIX  names of namespaces and links (default slm; at most 8 characters; use a unique one
#                     per run, e.g. slm$$, so that parallel runs do not collide)
#   SLM_NETNS_SUBNET  first three octets of the private /24 (default 10.77.0): bridge .1, members .10-.16
#   SLM_NETNS_STATE   logs (LABEL.log) and pids (LABEL.pid) (default ${TMPDIR:-/tmp}/slm-netns-PREFIX)
#   SLM_NETNS_UP_TIMEOUT  seconds to wait for members to be Up (default 240)
#   SLM_TOKEN         the coordinator's API token (default: a random one, written to STATE/token); the
#                     coordinator serves HTTP on SUBNET.10:8080
#   SLM_JAVA_OPTS, SLM_MODEL_PATH are passed on to every member.
set -euo pipefail

PREFIX="${SLM_NETNS_PREFIX:-slm}"
SUBNET="${SLM_NETNS_SUBNET:-10.77.0}"
STATE="${SLM_NETNS_STATE:-${TMPDIR:-/tmp}/slm-netns-$PREFIX}"
UP_TIMEOUT="${SLM_NETNS_UP_TIMEOUT:-240}"
BRIDGE="${PREFIX}br"
# the other side of a split made by "partition L1 L2 ..."
SIDE_BRIDGE="${PREFIX}bs"

# label node-file last-octet cluster-port; the shipped 7-member overlay (conf/nodes).
MEMBERS=(
  "root coordinator 10 25520"
  "0 pi-01 11 25521"
  "1 pi-02 12 25522"
  "00 pi-03 13 25523"
  "01 pi-04 14 25524"
  "10 pi-05 15 25525"
  "11 pi-06 16 25526"
)

die() {
  echo "netns-cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: netns-cluster.sh up | down | status | partition LABEL... | heal LABEL..." >&2
  exit 2
}

member() { # LABEL -> "label file octet port"
  local entry
  for entry in "${MEMBERS[@]}"; do
    set -- $entry
    if [ "$1" = "$LABEL_WANTED" ]; then
      echo "$entry"
      return 0
    fi
  done
  return 1
}

lookup() {
  LABEL_WANTED="$1"
  local found
  found="$(member)" || die "no member labelled '$1' (labels: root 0 1 00 01 10 11)"
  read -r M_LABEL M_FILE M_OCTET M_PORT <<<"$found"
  M_NS="$PREFIX-$M_LABEL"
  M_VETH="${PREFIX}h$M_OCTET"
  M_IP="$SUBNET.$M_OCTET"
}

require_root() {
  [ "$(id -u)" = 0 ] || die "needs root (ip netns, veth, bridge)"
  command -v ip >/dev/null 2>&1 || die "needs the 'ip' command (Debian package iproute2)"
  [ ${#PREFIX} -le 8 ] || die "SLM_NETNS_PREFIX '$PREFIX' is longer than 8 characters (link names are limited to 15)"
}

require_dist() {
  [ -n "${SLM_DIST:-}" ] || die "set SLM_DIST to the unpacked distribution (the directory with bin/slm)"
  [ -x "$SLM_DIST/bin/slm" ] || die "no executable $SLM_DIST/bin/slm (SLM_DIST must be an unpacked slm-VERSION.tar.gz)"
}

alive() { # pid file -> 0 when the process runs
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

token() {
  if [ -n "${SLM_TOKEN:-}" ]; then
    echo "$SLM_TOKEN"
  else
    cat "$STATE/token"
  fi
}

start_member() { # after lookup
  local extra=()
  if [ "$M_LABEL" = root ]; then
    # the API, reachable from the host side of the bridge (a token is required off loopback)
    extra=(--http-port 8080)
  fi
  # every member's HTTP (the coordinator's API, each member's Pekko Management with /store/blobs) listens on
  # its namespace address: a tree child fetches model files from its parent's management port at the address
  # the parent advertises (its --host), which a loopback-bound port would refuse
  JAVA_EXTRA="-Dslm.http.host=$M_IP"
  echo "=== $(date -u +%FT%TZ) starting $M_FILE [$M_LABEL] on $M_IP" >>"$STATE/$M_LABEL.log"
  # setsid: its own process group, so that down/heal can signal the launcher and the JVM together.
  ip netns exec "$M_NS" env SLM_TOKEN="$(token)" SLM_DATA_DIR="$STATE/data-$M_LABEL" \
    SLM_JAVA_OPTS="${SLM_JAVA_OPTS:-} $JAVA_EXTRA" \
    setsid "$SLM_DIST/bin/slm" node start --config "$SLM_DIST/conf/nodes/$M_FILE.conf" \
    --host "$M_IP" --port "$M_PORT" --coordinator "$SUBNET.10:25520" \
    --seed "$SUBNET.11:25521" --seed "$SUBNET.12:25522" "${extra[@]}" \
    </dev/null >>"$STATE/$M_LABEL.log" 2>&1 &
  echo $! >"$STATE/$M_LABEL.pid"
  wc -l <"$STATE/$M_LABEL.log" >"$STATE/$M_LABEL.since"
}

await_up() { # after lookup: the member's newest run printed 'is Up'
  local deadline=$((SECONDS + UP_TIMEOUT)) since
  since="$(cat "$STATE/$M_LABEL.since")"
  while [ $SECONDS -lt $deadline ]; do
    if tail -n +"$((since + 1))" "$STATE/$M_LABEL.log" | grep -q "is Up in the cluster"; then
      return 0
    fi
    if ! alive "$STATE/$M_LABEL.pid"; then
      tail -n 20 "$STATE/$M_LABEL.log" >&2
      die "$M_FILE [$M_LABEL] exited before it was Up (log: $STATE/$M_LABEL.log)"
    fi
    sleep 1
  done
  die "$M_FILE [$M_LABEL] not Up within ${UP_TIMEOUT}s (log: $STATE/$M_LABEL.log)"
}

stop_member() { # after lookup: SIGTERM to the process group, SIGKILL after 30 s
  local pidfile="$STATE/$M_LABEL.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for i in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

cmd_up() {
  require_root
  require_dist
  mkdir -p "$STATE"
  if [ -z "${SLM_TOKEN:-}" ] && [ ! -f "$STATE/token" ]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/token")
  fi
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$SUBNET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  local entry
  for entry in "${MEMBERS[@]}"; do
    lookup "${entry%% *}"
    if [ ! -e "/var/run/netns/$M_NS" ]; then
      ip netns add "$M_NS"
      ip link add "$M_VETH" type veth peer name "${PREFIX}p$M_OCTET"
      ip link set "${PREFIX}p$M_OCTET" netns "$M_NS"
      ip -n "$M_NS" link set "${PREFIX}p$M_OCTET" name eth0
      ip -n "$M_NS" addr add "$M_IP/24" dev eth0
      ip -n "$M_NS" link set eth0 up
      ip -n "$M_NS" link set lo up
      ip link set "$M_VETH" master "$BRIDGE"
      ip link set "$M_VETH" up
    fi
  done
  for entry in "${MEMBERS[@]}"; do
    lookup "${entry%% *}"
    alive "$STATE/$M_LABEL.pid" || start_member
  done
  for entry in "${MEMBERS[@]}"; do
    lookup "${entry%% *}"
    await_up
    echo "$M_FILE [$M_LABEL] Up on $M_IP:$M_PORT (namespace $M_NS)"
  done
  echo "API: http://$SUBNET.10:8080 (token in $(if [ -n "${SLM_TOKEN:-}" ]; then echo SLM_TOKEN; else echo "$STATE/token"; fi)); logs and pids: $STATE"
}

cmd_down() {
  require_root
  local entry
  for entry in "${MEMBERS[@]}"; do
    lookup "${entry%% *}"
    stop_member &
  done
  wait
  for entry in "${MEMBERS[@]}"; do
    lookup "${entry%% *}"
    ip link del "$M_VETH" 2>/dev/null || true
    ip netns del "$M_NS" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  ip link del "$SIDE_BRIDGE" 2>/dev/null || true
  echo "down: namespaces $PREFIX-*, bridge $BRIDGE removed (logs kept in $STATE)"
}

cmd_partition() { # LABEL...
  require_root
  local label
  for label in "$@"; do
    lookup "$label"
    ip link show "$M_VETH" >/dev/null 2>&1 || die "no link $M_VETH: is the cluster up (prefix $PREFIX)?"
  done
  if [ $# -eq 1 ]; then
    ip link set "$M_VETH" down
    echo "cut $M_FILE [$M_LABEL] ($M_IP): link $M_VETH down"
    return 0
  fi
  # several members: one side of a split, reachable among themselves only
  if ! ip link show "$SIDE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$SIDE_BRIDGE" type bridge
    ip link set "$SIDE_BRIDGE" up
  fi
  for label in "$@"; do
    lookup "$label"
    ip link set "$M_VETH" master "$SIDE_BRIDGE"
  done
  echo "cut [$*] off together: their links are on bridge $SIDE_BRIDGE"
}

downed() { # after lookup: the member's newest run logged being downed or leaving
  local since
  since="$(cat "$STATE/$M_LABEL.since" 2>/dev/null || echo 0)"
  tail -n +"$((since + 1))" "$STATE/$M_LABEL.log" | grep -q "SBR took decision\|left the cluster"
}

cmd_heal() { # LABEL...
  require_root
  local label
  for label in "$@"; do
    lookup "$label"
    ip link show "$M_VETH" >/dev/null 2>&1 || die "no link $M_VETH: is the cluster up (prefix $PREFIX)?"
    ip link set "$M_VETH" master "$BRIDGE"
    ip link set "$M_VETH" up
    echo "healed $M_FILE [$M_LABEL] ($M_IP): link $M_VETH up on $BRIDGE"
  done
  ip link del "$SIDE_BRIDGE" 2>/dev/null || true
  # A member cut off long enough has been downed by the split brain resolver (on its side too: it is the
  # minority) and its actor system is quarantined by the others: let it finish exiting, then start it
  # again, as its unit's Restart=on-failure would. A member that shows no sign of being downed within
  # 10 s is taken to be still in the cluster and left alone.
  local waited=0 restarted=()
  for label in "$@"; do
    lookup "$label"
    while alive "$STATE/$M_LABEL.pid" && [ $waited -lt 90 ]; do
      if [ $waited -ge 10 ] && ! downed; then
        break
      fi
      sleep 1
      waited=$((waited + 1))
    done
    if ! alive "$STATE/$M_LABEL.pid"; then
      require_dist
      start_member
      restarted+=("$label")
    fi
  done
  for label in "${restarted[@]}"; do
    lookup "$label"
    await_up
    echo "$M_FILE [$M_LABEL] restarted and Up"
  done
}

cmd_status() {
  local entry state pid
  for entry in "${MEMBERS[@]}"; do
    lookup "${entry%% *}"
    state="$(ip -br link show "$M_VETH" 2>/dev/null | awk '{print $2}')"
    pid="-"
    if alive "$STATE/$M_LABEL.pid"; then pid="$(cat "$STATE/$M_LABEL.pid")"; fi
    printf '%-5s %-12s %-15s ns=%-14s link=%-6s pid=%s\n' "$M_LABEL" "$M_FILE" "$M_IP" "$M_NS" "${state:-none}" "$pid"
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  partition) [ $# -ge 2 ] || usage; shift; cmd_partition "$@" ;;
  heal) [ $# -ge 2 ] || usage; shift; cmd_heal "$@" ;;
  *) usage ;;
esac
