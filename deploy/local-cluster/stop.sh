#!/usr/bin/env bash
# Stops the local standalone cluster started by start.sh (workers, their executors, the master).
set -uo pipefail
state="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/target/local-cluster"
for pidfile in "$state"/worker-*.pid "$state"/master.pid; do
  [[ -f "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  pkill -TERM -P "$pid" 2>/dev/null   # executors launched by a worker
  kill -TERM "$pid" 2>/dev/null
  rm -f "$pidfile"
done
echo "stopped"
