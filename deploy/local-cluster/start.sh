#!/usr/bin/env bash
# Starts a real Spark standalone master and N workers on 127.0.0.1 from the Maven-resolved Spark
# jars (deploy/target/spark-home, built on first use; no downloaded distribution) and prints the
# master URL. State (pids, logs, work dirs) lives in deploy/target/local-cluster/.
# Usage: deploy/local-cluster/start.sh [WORKERS=2] [CORES_PER_WORKER=1]
# Env: GANSWEEP_MASTER_PORT (7077), GANSWEEP_WORKER_MEMORY (2g), GANSWEEP_WORKER_CONF (extra
#      "--properties-file" for workers, e.g. one that declares GPUs and a discovery script).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
workers="${1:-2}"; cores="${2:-1}"
port="${GANSWEEP_MASTER_PORT:-7077}"; memory="${GANSWEEP_WORKER_MEMORY:-2g}"
spark_home="$root/deploy/target/spark-home"
state="$root/deploy/target/local-cluster"
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "Cannot start cluster: bad worker count (got $workers; allowed 1 or more)" >&2; exit 2; }
if [[ ! -d "$spark_home/jars" || ! -f "$root/deploy/target/gansweep-runtime.jar" ]]; then
  echo "building deploy/target (runtime jar and Spark home) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl deploy -am) >&2
fi
if [[ -f "$state/master.pid" ]] && kill -0 "$(cat "$state/master.pid")" 2>/dev/null; then
  echo "Cannot start cluster: one is running (got master pid $(cat "$state/master.pid"); allowed deploy/local-cluster/stop.sh first)" >&2
  exit 1
fi
rm -rf "$state"; mkdir -p "$state"
mapfile -t opts < "$root/bin/jvm-options"
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
java "${opts[@]}" -Xmx512m -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$state/master.log" 2>&1 &
echo $! >"$state/master.pid"
for _ in $(seq 1 300); do grep -q "I have been elected leader" "$state/master.log" && break; sleep 0.1; done
grep -q "I have been elected leader" "$state/master.log" || { cat "$state/master.log" >&2; echo "Cannot start cluster: the master did not come up (see $state/master.log)" >&2; exit 1; }
url="spark://127.0.0.1:$port"
extra=(); [[ -n "${GANSWEEP_WORKER_CONF:-}" ]] && extra=(--properties-file "$GANSWEEP_WORKER_CONF")
for i in $(seq 1 "$workers"); do
  mkdir -p "$state/work-$i"
  java "${opts[@]}" -Xmx512m -cp "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port 0 --work-dir "$state/work-$i" "${extra[@]}" "$url" \
    >"$state/worker-$i.log" 2>&1 &
  echo $! >"$state/worker-$i.pid"
done
for _ in $(seq 1 300); do
  [[ $(grep -c "Registering worker" "$state/master.log" || true) -ge "$workers" ]] && break; sleep 0.1
done
[[ $(grep -c "Registering worker" "$state/master.log" || true) -ge "$workers" ]] || { echo "Cannot start cluster: workers did not register (see $state/)" >&2; exit 1; }
echo "$url"
