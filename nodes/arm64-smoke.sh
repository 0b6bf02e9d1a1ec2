#!/usr/bin/env bash
# arm64 smoke check: a member on Debian's arm64 Java runtime (user-mode emulated with qemu) joins an x86
# coordinator on loopback, hosts stories260K through llama.cpp and answers one generation. Two members
# only (no routers), so tasks go straight to the member (slm.routing.mode = direct).
#
#   SLM_DIST=/path/to/unpacked/slm-VERSION SLM_MODEL_PATH=../shared/models nodes/arm64-smoke.sh [--unpatched]
#
# The binding's Linux/aarch64 libjllama.so is loaded from a copy marked DF_SYMBOLIC
# (nodes/arm64-patch-jllama.py says why); --unpatched loads the jar's own copy to show the crash.
# Needs (Debian): qemu-user-static, and with 'dpkg --add-architecture arm64 && apt-get update':
# openjdk-17-jre-headless:arm64 libgomp1:arm64. Exit 0 = the arm64 member answered.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARM_JAVA="${SLM_ARM64_JAVA:-/usr/lib/jvm/java-17-openjdk-arm64/bin/java}"
QEMU="$(command -v qemu-aarch64-static || true)"
patched=1
[ "${1:-}" = "--unpatched" ] && patched=0

die() { echo "arm64-smoke: $*" >&2; exit 2; }
[ -n "$QEMU" ] || die "no qemu-aarch64-static (apt-get install qemu-user-static)"
[ -x "$ARM_JAVA" ] || die "no arm64 Java at $ARM_JAVA (dpkg --add-architecture arm64; apt-get update; apt-get install openjdk-17-jre-headless:arm64 libgomp1:arm64)"
[ -e /usr/lib/aarch64-linux-gnu/libgomp.so.1 ] || die "no libgomp.so.1 for arm64 (apt-get install libgomp1:arm64)"
[ -n "${SLM_DIST:-}" ] && [ -x "$SLM_DIST/bin/slm" ] || die "set SLM_DIST to an unpacked slm-VERSION.tar.gz"
[ -f "${SLM_MODEL_PATH:-}/stories260K.gguf" ] || die "set SLM_MODEL_PATH to the folder with stories260K.gguf"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/slm-arm64-XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. the aarch64 library: the jar's copy, patched
JAR="$(ls "$SLM_DIST"/lib/llama-*.jar | head -n 1)"
mkdir -p "$WORK/native" "$WORK/jar"
if [ $patched = 1 ]; then
  python3 "$ROOT/nodes/arm64-patch-jllama.py" --from-jar "$JAR" "$WORK/native/libjllama.so"
else
  python3 - "$JAR" "$WORK/native/libjllama.so" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    open(sys.argv[2], "wb").write(jar.read("de/kherud/llama/Linux/aarch64/libjllama.so"))
PY
  echo "using the jar's libjllama.so as it is (--unpatched)"
fi

# 2. the x86 coordinator, from the distribution
CPORT="$(free_port)"
HPORT="$(free_port)"
TOKEN="arm64-smoke-$$"
SLM_TOKEN="$TOKEN" SLM_DATA_DIR="$WORK/data-root" \
  SLM_JAVA_OPTS="-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=60s -Dslm.routing.mode=direct" \
  "$SLM_DIST/bin/slm" node start --config "$SLM_DIST/conf/nodes/coordinator.conf" --host 127.0.0.1 \
  --port "$CPORT" --coordinator "127.0.0.1:$CPORT" --http-port "$HPORT" --management-port 0 \
  >"$WORK/coordinator.log" 2>&1 &
pids+=($!)

# 3. the arm64 member (label 00, hosts stories260k) on the emulated arm64 JVM
mkdir -p "$WORK/llama-tmp"
started=$(date +%s)
SLM_DATA_DIR="$WORK/data-00" "$QEMU" "$ARM_JAVA" -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dde.kherud.llama.lib.path="$WORK/native" -Dde.kherud.llama.tmpdir="$WORK/llama-tmp" \
  -Dslm.cluster.join-timeout=600s -Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=60s \
  -Dslm.routing.mode=direct \
  -cp "$SLM_DIST/lib/*" org.slmcluster.runtime.cli.SlmCli node start \
  --config "$SLM_DIST/conf/nodes/pi-03.conf" --host 127.0.0.1 --port "$(free_port)" \
  --coordinator "127.0.0.1:$CPORT" --management-port 0 >"$WORK/arm64-member.log" 2>&1 &
pids+=($!)
arm_pid=$!

echo "waiting for the arm64 member (emulated: minutes) - logs in $WORK"
for _ in $(seq 1 900); do
  if grep -q "is Up in the cluster" "$WORK/arm64-member.log" 2>/dev/null; then break; fi
  if ! kill -0 "$arm_pid" 2>/dev/null; then
    tail -n 30 "$WORK/arm64-member.log" >&2
    echo "arm64-smoke: FAILED: the arm64 member exited before it was Up" >&2
    exit 1
  fi
  sleep 1
done
grep -q "is Up in the cluster" "$WORK/arm64-member.log" || { echo "arm64-smoke: FAILED: not Up in 15 min" >&2; exit 1; }
echo "arm64 member Up after $(( $(date +%s) - started )) s: $(grep -m1 'listening on' "$WORK/arm64-member.log")"

# 4. one generation from the coordinator, answered on the arm64 member once its model is loaded
ready=0
for _ in $(seq 1 600); do
  if curl -s "http://127.0.0.1:$HPORT/api/v1/nodes" | tr -d ' ' \
      | grep -q '"label":"00"[^]]*"reachable":true,"models":\["stories260k"\][^]]*"state":"READY"'; then
    ready=1
    break
  fi
  sleep 1
done
[ $ready = 1 ] || echo "arm64-smoke: the coordinator never listed stories260k READY and reachable on 00" >&2
echo "stories260k READY on the arm64 member after $(( $(date +%s) - started )) s"
answer="$(curl -s -m 600 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  "http://127.0.0.1:$HPORT/api/v1/tasks" \
  -d '{"model":"stories260k","input":"Once upon a time","parameters":{"max_tokens":16,"seed":7},"timeout_ms":120000}')"
echo "answer: $answer"
if echo "$answer" | grep -q '"status":"completed"' && echo "$answer" | grep -q '"node":"00"'; then
  echo "arm64-smoke: OK: $(uname -m) coordinator + emulated aarch64 member; llama.cpp on aarch64 answered"
  exit 0
fi
tail -n 30 "$WORK/arm64-member.log" >&2
echo "arm64-smoke: FAILED: no completed answer from the arm64 member" >&2
exit 1
