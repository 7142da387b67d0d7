"""The sepsis-iql stages both DAGs run, and the command line of each (one place for both).

Every task passes --skip-complete, so a retried or cleared task whose stage already completed
(with the same inputs and settings) succeeds at once, and the partial output of a killed attempt is
replaced; train also passes --resume, so a retried train continues from its last checkpoint
instead of starting over. spark-job's deploy.AirflowDagTest parses STAGES, COMMON and CONF here
and checks every command line against the CLI's own parser, so a renamed option fails CI: keep
them plain literals.
"""

CONF = "/opt/sepsis-iql/conf/cluster.conf"

# After the stage name, for every stage. "{{ ds_nodash }}" is Airflow's logical date (one run
# folder per scheduled run).
COMMON = ["--conf", CONF, "--run-id", "{{ ds_nodash }}", "--skip-complete"]

# (stage, its own arguments), in pipeline order.
STAGES = [
    ("extract-mimic", ["--source", "mimic-iii", "--input", "s3a://my-bucket/mimic-iii/"]),
    ("cohort", []),
    ("behavior", []),
    ("train", ["--trainer", "spark", "--resume"]),
    ("baselines", []),
    ("evaluate", []),
    ("report", []),
]

# Added to the GPU stages on Kubernetes (sepsis_iql_kubernetes_dag.py): one parameter-averaging
# worker per executor, since each executor has one GPU and a task needs all of it.
GPU_ARGUMENTS = ["-Dsepsis-iql.train.spark.workers=4"]


def arguments(stage):
    """The application arguments of one stage's task."""
    own = dict(STAGES)[stage]
    return [stage, *COMMON, *own]


def task_id(stage):
    return stage.replace("-", "_")
