#!/usr/bin/env bash
# Submits one sepsis-iql stage to YARN. Build the jar first: mvn -B -DskipTests package
#
#   deploy/yarn/submit.sh synthesize --run-id 2026-11-24 --stays 100000
#   deploy/yarn/submit.sh cohort --run-id 2026-11-24
#
#   deploy/yarn/submit.sh train --run-id 2026-11-24 --trainer spark --skip-complete --resume
#
# Environment: SEPSIS_IQL_OUTPUT (e.g. hdfs:///user/me/sepsis-iql or s3a://bucket/prefix),
# SPARK_SUBMIT (default spark-submit), EXECUTORS (default 8), EXECUTOR_CORES (default 4),
# EXECUTOR_MEMORY (default 8g), DRIVER_MEMORY (default 8g), OFF_HEAP (default 4g: ND4J's native
# memory per JVM, added to YARN's memoryOverhead and capping JavaCPP), QUEUE (default default).
#
# One application attempt: YARN's second attempt would rerun the same stage, which only the
# scheduler's retry should do (pass --skip-complete, and --resume to train, for retry-safe tasks).
# OpenMP threads (ND4J's and OpenBLAS's) match the cores Spark gives each JVM. S3A writes go through
# the magic committer (conf/cluster.conf) with hadoop-aws and spark-hadoop-cloud from --packages.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$(ls "$root"/spark-job/target/sepsis-iql-spark-job-*-spark.jar | head -n 1)"
java17="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
off_heap="${OFF_HEAP:-4g}"
native_cap="-Dorg.bytedeco.javacpp.maxbytes=$off_heap"
stage="$1"
shift
exec "${SPARK_SUBMIT:-spark-submit}" \
  --master yarn --deploy-mode cluster \
  --name "sepsis-iql-$stage" \
  --queue "${QUEUE:-default}" \
  --num-executors "${EXECUTORS:-8}" \
  --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-8g}" \
  --driver-memory "${DRIVER_MEMORY:-8g}" \
  --conf "spark.executor.memoryOverhead=$off_heap" \
  --conf "spark.driver.memoryOverhead=$off_heap" \
  --conf "spark.executorEnv.OMP_NUM_THREADS=${EXECUTOR_CORES:-4}" \
  --conf "spark.yarn.appMasterEnv.OMP_NUM_THREADS=2" \
  --conf "spark.yarn.maxAppAttempts=1" \
  --packages org.apache.hadoop:hadoop-aws:3.3.4,org.apache.spark:spark-hadoop-cloud_2.12:3.5.8 \
  --files "$root/conf/cluster.conf,$root/conf/log4j2.properties" \
  --conf "spark.driver.extraJavaOptions=$java17 $native_cap -Dlog4j2.configurationFile=log4j2.properties" \
  --conf "spark.executor.extraJavaOptions=$java17 $native_cap" \
  --conf "spark.yarn.appMasterEnv.SEPSIS_IQL_OUTPUT=${SEPSIS_IQL_OUTPUT:-}" \
  --class org.sepsisiql.cli.Main \
  "$jar" "$stage" --conf cluster.conf "$@"
