"""Airflow DAG: one SparkSubmitOperator task per sepsis-iql stage, one run folder per logical date.

Each stage reads only earlier stages' outputs and commits with _SUCCESS; the tasks pass
--skip-complete (and train --resume), so a retried or cleared task is safe (sepsis_iql_stages.py).
Requires apache-airflow-providers-apache-spark and a `spark_default` connection to YARN; the jar
and conf paths refer to the image (deploy/docker). For Kubernetes with the Spark operator, see
sepsis_iql_kubernetes_dag.py.
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

from sepsis_iql_stages import STAGES, arguments, task_id

JAR = "/opt/sepsis-iql/sepsis-iql.jar"
JAVA17 = " ".join(
    f"--add-opens=java.base/{p}=ALL-UNNAMED"
    for p in [
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
        "sun.nio.cs", "sun.security.action", "sun.util.calendar",
    ]
) + " --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false" \
    " -Dio.netty.tryReflectionSetAccessible=true"
OFF_HEAP = "4g"  # ND4J's native memory per JVM: YARN's memoryOverhead and JavaCPP's cap


def stage(dag, name):
    return SparkSubmitOperator(
        task_id=task_id(name),
        application=JAR,
        java_class="org.sepsisiql.cli.Main",
        application_args=arguments(name),
        conf={
            "spark.driver.extraJavaOptions": f"{JAVA17} -Dorg.bytedeco.javacpp.maxbytes={OFF_HEAP}",
            "spark.executor.extraJavaOptions": f"{JAVA17} -Dorg.bytedeco.javacpp.maxbytes={OFF_HEAP}",
            "spark.driver.memoryOverhead": OFF_HEAP,
            "spark.executor.memoryOverhead": OFF_HEAP,
            "spark.executorEnv.OMP_NUM_THREADS": "4",
            "spark.yarn.maxAppAttempts": "1",
        },
        executor_cores=4,
        executor_memory="8g",
        driver_memory="8g",
        packages="org.apache.hadoop:hadoop-aws:3.3.4,org.apache.spark:spark-hadoop-cloud_2.12:3.5.8",
        name=f"sepsis-iql-{name}-{{{{ ds_nodash }}}}",
        dag=dag,
    )


with DAG(
    dag_id="sepsis_iql",
    start_date=datetime(2026, 1, 1),
    schedule="@weekly",
    catchup=False,
    default_args={"retries": 2},
    tags=["sepsis-iql"],
) as dag:
    tasks = [stage(dag, name) for name, _ in STAGES]
    for before, after in zip(tasks, tasks[1:]):
        before >> after
