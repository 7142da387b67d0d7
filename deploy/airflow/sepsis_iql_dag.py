"""Airflow DAG: one task per sepsis-iql stage, all writing to one run folder per logical date.

Each stage reads only earlier stages' outputs and commits atomically with _SUCCESS, so a failed
task is retried or cleared on its own. Requires apache-airflow-providers-apache-spark and a
`spark_default` connection to YARN or Kubernetes; the jar and conf paths refer to the image.
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/sepsis-iql/sepsis-iql.jar"
CONF = "/opt/sepsis-iql/conf/cluster.conf"
JAVA17 = " ".join(
    f"--add-opens=java.base/{p}=ALL-UNNAMED"
    for p in [
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
        "sun.nio.cs", "sun.security.action", "sun.util.calendar",
    ]
) + " --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false" \
    " -Dio.netty.tryReflectionSetAccessible=true"


def stage(dag, name, *args):
    return SparkSubmitOperator(
        task_id=name.replace("-", "_"),
        application=JAR,
        java_class="org.sepsisiql.cli.Main",
        application_args=[name, "--conf", CONF, "--run-id", "{{ ds_nodash }}", *args],
        conf={
            "spark.driver.extraJavaOptions": JAVA17,
            "spark.executor.extraJavaOptions": JAVA17,
        },
        packages="org.apache.hadoop:hadoop-aws:3.3.4",
        name=f"sepsis-iql-{name}-{{{{ ds_nodash }}}}",
        dag=dag,
    )


with DAG(
    dag_id="sepsis_iql",
    start_date=datetime(2026, 1, 1),
    schedule="@weekly",
    catchup=False,
    default_args={"retries": 1},
    tags=["sepsis-iql"],
) as dag:
    extract = stage(dag, "extract-mimic", "--source", "mimic-iii", "--input", "s3a://my-bucket/mimic-iii/")
    cohort = stage(dag, "cohort")
    behavior = stage(dag, "behavior")
    train = stage(dag, "train")
    evaluate = stage(dag, "evaluate")
    report = stage(dag, "report")
    extract >> cohort >> behavior >> train >> evaluate >> report
