#!/usr/bin/env bash
# Submits one sepsis-iql stage to Kubernetes with spark-submit (the image is deploy/docker).
#
#   K8S_MASTER=k8s://https://my-cluster:6443 IMAGE=registry/sepsis-iql:0.1.0 \
#     deploy/kubernetes/submit.sh cohort --run-id 2026-11-24
#
#   GPUS=1 IMAGE=registry/sepsis-iql:0.1.0-cuda ... deploy/kubernetes/submit.sh train --trainer spark \
#     -Dsepsis-iql.train.spark.workers=8 --skip-complete --resume
#
# Environment: K8S_MASTER, IMAGE, NAMESPACE (default sepsis-iql), SERVICE_ACCOUNT (default spark),
# SEPSIS_IQL_OUTPUT (s3a://bucket/prefix), EXECUTORS (default 8), EXECUTOR_CORES (default 4),
# OFF_HEAP (default 4g: ND4J's native memory, the pods' memoryOverhead and JavaCPP's cap), GPUS
# (default 0: per executor, with Spark's GPU scheduling and deploy/gpu/discover-gpus.sh; use the
# CUDA image, deploy/docker/Dockerfile.cuda).
set -euo pipefail
java17="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
off_heap="${OFF_HEAP:-4g}"
gpu_conf=()
if [[ "${GPUS:-0}" != 0 ]]; then
  gpu_conf=(
    --conf "spark.executor.resource.gpu.amount=$GPUS"
    --conf "spark.executor.resource.gpu.vendor=nvidia.com"
    --conf "spark.executor.resource.gpu.discoveryScript=/opt/sepsis-iql/discover-gpus.sh"
    --conf "spark.task.resource.gpu.amount=1"
  )
fi
stage="$1"
shift
exec "${SPARK_SUBMIT:-spark-submit}" \
  --master "${K8S_MASTER:?set K8S_MASTER=k8s://https://host:port}" --deploy-mode cluster \
  --name "sepsis-iql-$stage" \
  --conf "spark.kubernetes.container.image=${IMAGE:?set IMAGE to the deploy/docker image}" \
  --conf "spark.kubernetes.namespace=${NAMESPACE:-sepsis-iql}" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${SERVICE_ACCOUNT:-spark}" \
  --conf "spark.executor.instances=${EXECUTORS:-8}" \
  --conf "spark.executor.cores=${EXECUTOR_CORES:-4}" \
  --conf "spark.executor.memoryOverhead=$off_heap" \
  --conf "spark.driver.memoryOverhead=$off_heap" \
  --conf "spark.executorEnv.OMP_NUM_THREADS=${EXECUTOR_CORES:-4}" \
  "${gpu_conf[@]}" \
  --conf "spark.kubernetes.driverEnv.SEPSIS_IQL_OUTPUT=${SEPSIS_IQL_OUTPUT:?set SEPSIS_IQL_OUTPUT=s3a://bucket/prefix}" \
  --conf "spark.driver.extraJavaOptions=$java17 -Dorg.bytedeco.javacpp.maxbytes=$off_heap" \
  --conf "spark.executor.extraJavaOptions=$java17 -Dorg.bytedeco.javacpp.maxbytes=$off_heap" \
  --conf "spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider" \
  --class org.sepsisiql.cli.Main \
  local:///opt/sepsis-iql/sepsis-iql.jar "$stage" --conf /opt/sepsis-iql/conf/cluster.conf "$@"
