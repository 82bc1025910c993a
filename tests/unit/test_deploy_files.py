"""The deployment files say what docs/deploy.md promises, and the compose nginx config does
not drift from the tested one. (tests/container runs the image and the compose file for
real.) Every Kubernetes manifest passes `kubernetes-validate --strict`, offline against the
API schemas (an unknown or misplaced field fails), on Kubernetes 1.29 and 1.37 (both
bundled); the kustomization applies them all and sets every image."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def k8s(kind, name="kefu.yaml"):
    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / name).read_text()))
    return next(d for d in docs if d["kind"] == kind)


def compose():
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_kubernetes_workers_are_sticky_probed_and_drained():
    service = k8s("Service")
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    pod = k8s("Deployment")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert pod["initContainers"][0]["command"] == ["kefu", "init-db"]
    assert pod["securityContext"] == {"runAsNonRoot": True, "runAsUser": 10001}
    for container in pod["initContainers"] + pod["containers"]:
        assert {"requests", "limits"} <= set(container["resources"]), container["name"]
    shutdown = int(k8s("ConfigMap")["data"]["KEFU_SHUTDOWN_SECONDS"])
    assert pod["terminationGracePeriodSeconds"] > shutdown
    annotations = k8s("Ingress")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert k8s("HorizontalPodAutoscaler")["spec"]["minReplicas"] >= 2


def test_redis_statefulset_has_its_headless_service_and_a_password():
    statefulset, service = k8s("StatefulSet", "redis.yaml"), k8s("Service", "redis.yaml")
    assert statefulset["spec"]["serviceName"] == service["metadata"]["name"]
    assert service["spec"]["clusterIP"] == "None"
    redis = statefulset["spec"]["template"]["spec"]["containers"][0]
    assert "--requirepass" in redis["args"]


def test_compose_runs_workers_with_redis_and_postgres():
    services = compose()["services"]
    workers = [name for name in services if name.startswith("kefu-")]
    assert len(workers) >= 2
    env = services[workers[0]]["environment"]
    assert env["KEFU_REDIS_URL"].startswith("redis://")
    assert env["KEFU_DATABASE_URL"].startswith("postgresql://")
    assert "--requirepass" in services["redis"]["command"]
    assert env["KEFU_REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?")
    upstreams = re.findall(r"server (kefu-\d):5000", (DEPLOY / "nginx.compose.conf").read_text())
    assert sorted(upstreams) == sorted(workers)


def test_compose_migrates_once_then_starts_workers_of_one_image():
    services = compose()["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["kefu", "init-db"] and migrate["restart"] == "no"
    workers = {name: s for name, s in services.items() if name.startswith("kefu-")}
    assert {s["image"] for s in [migrate, *workers.values()]} == {"${KEFU_IMAGE:-kefu:local}"}
    for worker in workers.values():
        assert "init-db" not in worker["command"]
        assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_compose_ulimits_start_on_hosts_that_cannot_raise_them():
    """These machines' hard limit is 20,000 descriptors; podman refuses more."""
    ulimits = compose()["services"]["kefu-1"]["ulimits"]
    assert ulimits["nofile"] <= 20000 and ulimits["nproc"] <= 32768


def test_compose_nginx_config_matches_the_tested_one():
    """Only the upstream servers (and the header comment) may differ."""

    def body(name):
        text = (DEPLOY / name).read_text()
        text = re.sub(r"(?m)^#.*\n", "", text)
        return re.sub(r"(?m)^    server \S+ max_fails.*\n", "", text).strip()

    assert body("nginx.compose.conf") == body("nginx.conf")


# --- Kubernetes schemas ---------------------------------------------------------------

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUSTOMIZATION = K8S / "kustomization.yaml"
MANIFESTS = sorted(path for path in K8S.rglob("*.yaml") if path != KUSTOMIZATION)
VALIDATE = Path(sys.executable).with_name("kubernetes-validate")


def validate(paths, version):
    return subprocess.run(
        [str(VALIDATE), "--strict", "--quiet", "-k", version, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("version", ["1.29.0", "1.37.0"])
def test_every_manifest_passes_strict_validation(version):
    assert len(MANIFESTS) >= 3, MANIFESTS
    result = validate(MANIFESTS, version)
    assert result.returncode == 0, result.stdout + result.stderr


def test_strict_validation_refuses_an_unknown_field(tmp_path):
    """The control: the validator does read the fields (a misspelt selector fails)."""
    service = yaml.safe_load_all((K8S / "redis.yaml").read_text())
    service = next(doc for doc in service if doc["kind"] == "Service")
    service["spec"]["selectr"] = service["spec"].pop("selector")
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(service))
    result = validate([broken], "1.37.0")
    assert result.returncode != 0 and "selectr" in result.stdout + result.stderr


def test_kustomization_applies_the_manifests_and_names_every_image():
    kustomization = yaml.safe_load(KUSTOMIZATION.read_text())
    assert sorted(kustomization["resources"]) == ["kefu.yaml", "redis.yaml"]
    (image,) = kustomization["images"]
    assert image["newName"] and image["newTag"]
    docs = list(yaml.safe_load_all((K8S / "kefu.yaml").read_text()))
    pod = next(d for d in docs if d["kind"] == "Deployment")["spec"]["template"]["spec"]
    images = {c["image"] for c in pod["containers"] + pod["initContainers"]}
    assert images == {image["name"]}
