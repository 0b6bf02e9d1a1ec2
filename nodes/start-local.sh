#!/usr/bin/env bash
# Starts the whole default cluster (nodes/*.conf) on this machine and stops it on Ctrl-C.
#   nodes/start-local.sh                 every member an ActorSystem in one JVM
#   nodes/start-local.sh --jvm-per-node  one 'slm node start' JVM per member, as on separate devices
# Models are looked up in SLM_MODEL_PATH (e.g. export SLM_MODEL_PATH=../shared/models).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$ROOT/slm" cluster local --nodes "$ROOT/nodes" "$@"
