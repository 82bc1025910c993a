"""The deployment files say what docs/deploy.md promises (they cannot run here: no Docker
engine, no cluster), and the compose nginx config does not drift from the tested one."""

import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def k8s(kind):
    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "kefu.yaml").read_text()))
    return next(d for d in docs if d["kind"] == kind)


def test_kubernetes_workers_are_sticky_probed_and_drained():
    service = k8s("Service")
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    pod = k8s("Deployment")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert pod["initContainers"][0]["command"] == ["kefu", "init-db"]
    shutdown = int(k8s("ConfigMap")["data"]["KEFU_SHUTDOWN_SECONDS"])
    assert pod["terminationGracePeriodSeconds"] > shutdown
    annotations = k8s("Ingress")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert k8s("HorizontalPodAutoscaler")["spec"]["minReplicas"] >= 2


def test_compose_runs_workers_with_redis_and_postgres():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    workers = [name for name in compose["services"] if name.startswith("kefu-")]
    assert len(workers) >= 2
    env = compose["services"][workers[0]]["environment"]
    assert env["KEFU_REDIS_URL"].startswith("redis://")
    assert env["KEFU_DATABASE_URL"].startswith("postgresql://")
    upstreams = re.findall(r"server (kefu-\d):5000", (DEPLOY / "nginx.compose.conf").read_text())
    assert sorted(upstreams) == sorted(workers)


def test_compose_nginx_config_matches_the_tested_one():
    """Only the upstream servers (and the header comment) may differ."""

    def body(name):
        text = (DEPLOY / name).read_text()
        text = re.sub(r"(?m)^#.*\n", "", text)
        return re.sub(r"(?m)^    server \S+ max_fails.*\n", "", text).strip()

    assert body("nginx.compose.conf") == body("nginx.conf")
