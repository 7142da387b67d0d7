#!/usr/bin/env bash
# Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# container sees as {"name": "gpu", "addresses": ["0", ...]}. Installed in the CUDA image at
# /opt/sepsis-iql/discover-gpus.sh (deploy/docker/Dockerfile.cuda).
set -euo pipefail
addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/.*/"&"/' | paste -sd, -)"
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
