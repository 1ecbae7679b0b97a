#!/usr/bin/env bash
# Spark resource discovery script for GPUs: prints {"name": "gpu", "addresses": ["0", "1", ...]}
# from nvidia-smi. Point spark.executor.resource.gpu.discoveryScript (or
# spark.worker.resource.gpu.discoveryScript on standalone workers) at it.
set -euo pipefail
command -v nvidia-smi >/dev/null || { echo "Cannot discover GPUs: nvidia-smi is not on PATH (got none; allowed an NVIDIA driver install)" >&2; exit 1; }
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)
printf '{"name": "gpu", "addresses": [%s]}\n' "$(echo "$ids" | sed 's/\([0-9]\+\)/"\1"/g')"
