#!/usr/bin/env bash
# The GPU check: on a machine with an NVIDIA GPU, CUDA 11.6 and Java 17 + Maven, runs the IQL update
# benchmark (org.sepsisiql.train.IqlBenchmark, batch 1024, the default network) on ND4J's CUDA
# backend (mvn -Pcuda) and on the CPU build, and prints both throughputs. Run from anywhere:
#
#   deploy/gpu/check.sh [steps per round, default 150] [rounds, default 3]
#
# The CUDA build goes to a copy of the repository under $TMPDIR, so the CPU build here is untouched.
# On CUDA the project's update is DL4J's fit (the fused update is CPU-only); the CPU line is the
# local trainer's fused update. Whether ND4J's CUDA 11.6 build runs on Hopper GPUs is what this
# checks first: a failure to start the backend is printed as it comes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps="${1:-150}"
rounds="${2:-3}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || {
  echo "deploy/gpu/check.sh: nvidia-smi found no GPU" >&2
  exit 2
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$root" --exclude=./spark-job/target --exclude=./udfs/target --exclude=./output -cf - . \
  | tar -C "$work" -xf -
(cd "$work" && mvn -B -q -Pcuda -DskipTests -Dspotless.check.skip=true install \
  && mvn -B -q -Pcuda -pl spark-job dependency:build-classpath \
    -Dmdep.outputFile=target/cuda-classpath.txt -Dmdep.includeScope=test)
flags="$(grep -o '<java17.flags>[^<]*' "$root/pom.xml" | sed 's/<java17.flags>//')"
echo "== CUDA (nd4j-cuda-11.6)"
(cd "$work/spark-job" && java -Xmx8g $flags \
  -cp "target/classes:target/test-classes:$(cat target/cuda-classpath.txt)" \
  -Diql-benchmark.peer=none org.sepsisiql.train.IqlBenchmark "$steps" "$rounds" 2>&1 \
  | grep -E "^(project|round|reference|network)|Exception|Error" || true)
echo "== CPU (nd4j-native, this checkout)"
SEPSIS_IQL_JAVA_OPTS="-Xmx8g -Diql-benchmark.peer=none" "$root/deploy/local/benchmark" iql "$steps" "$rounds" 2>&1 \
  | grep -E "^(project|round|reference|network)" || true
