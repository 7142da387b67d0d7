"""Airflow DAG: the sepsis-iql stages as SparkApplications of the Kubeflow Spark operator.

Each task submits deploy/kubernetes/sparkapplication.yaml (copy it next to this file) with the
stage's name and arguments (sepsis_iql_stages.py: --skip-complete on every stage, --resume on
train, so a retried or cleared task is safe). Only train asks for GPUs: the other stages drop the
manifest's GPU settings. Requires apache-airflow-providers-cncf-kubernetes 8 or later (SparkKubernetesOperator with
template_spec) and a `kubernetes_default` connection.
"""
import copy
import os
from datetime import datetime

import yaml
from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

from sepsis_iql_stages import GPU_ARGUMENTS, STAGES, arguments, task_id

MANIFEST = os.path.join(os.path.dirname(__file__), "sparkapplication.yaml")
GPU_STAGES = {"train"}
CPU_IMAGE = "registry.example.org/sepsis-iql:0.1.0"  # deploy/docker/Dockerfile, for the other stages

with open(MANIFEST, encoding="utf-8") as f:
    TEMPLATE = yaml.safe_load(f)


def application(name):
    """The SparkApplication of one stage (a templated field: Airflow renders "{{ ds_nodash }}")."""
    app = copy.deepcopy(TEMPLATE)
    app["metadata"]["name"] = f"sepsis-iql-{name}-{{{{ ds_nodash }}}}"
    app["spec"]["arguments"] = arguments(name)
    if name in GPU_STAGES:
        app["spec"]["arguments"] += GPU_ARGUMENTS
    else:
        app["spec"]["image"] = CPU_IMAGE
        app["spec"]["executor"].pop("gpu", None)
        app["spec"]["sparkConf"] = {
            key: value
            for key, value in app["spec"]["sparkConf"].items()
            if ".resource.gpu." not in key
        }
    return app


with DAG(
    dag_id="sepsis_iql_kubernetes",
    start_date=datetime(2026, 1, 1),
    schedule="@weekly",
    catchup=False,
    default_args={"retries": 2},
    tags=["sepsis-iql"],
) as dag:
    tasks = [
        SparkKubernetesOperator(
            task_id=task_id(name),
            namespace=TEMPLATE["metadata"]["namespace"],
            template_spec=application(name),
            kubernetes_conn_id="kubernetes_default",
            delete_on_termination=True,
        )
        for name, _ in STAGES
    ]
    for before, after in zip(tasks, tasks[1:]):
        before >> after
