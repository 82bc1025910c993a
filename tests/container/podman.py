"""podman as the container checks use it: root, runc, this machine's ulimits (the
containers.conf that scripts/podman-conf writes), every call bounded by a timeout."""

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from ..services import unavailable

ROOT = Path(__file__).resolve().parents[2]
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
STAND_IN = "localhost/kefu-python:3.11"  # python:3.11-slim, made by scripts/container-bases
KEFU_IMAGE = "localhost/kefu:check"
BUILD_SECONDS = 600
CALL_SECONDS = 120


class Podman:
    """podman commands with CONTAINERS_CONF set; failures raise with podman's own words."""

    def __init__(self, conf):
        self.env = {**os.environ, "CONTAINERS_CONF": conf}

    def run(self, *args, **kwargs):
        return self.run_command(["podman", *args], **kwargs)

    def run_command(self, command, timeout=CALL_SECONDS, check=True, env=None):
        """Any command that runs podman (podman-compose too), in this environment."""
        result = subprocess.run(
            command,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(command)} -> exit {result.returncode}\n"
                f"{result.stdout[-3000:]}\n{_quiet(result.stderr)[-3000:]}"
            )
        return result

    def out(self, *args, **kwargs):
        return self.run(*args, **kwargs).stdout.strip()

    def inspect(self, name, template):
        return self.out("inspect", "--format", template, name)

    def image_size(self, image):
        return int(self.out("image", "inspect", "--format", "{{.Size}}", image))

    def logs(self, name):
        result = self.run("logs", "--tail", "60", name, check=False)
        return result.stdout + _quiet(result.stderr)

    def remove(self, *names):
        """Remove containers and their anonymous volumes; absent ones are fine."""
        if names:
            self.run("rm", "--force", "--volumes", "--time", "2", *names, check=False)

    def healthy(self, name):
        """Run the container's HEALTHCHECK once (podman runs them on systemd timers,
        which these machines lack)."""
        return self.run("healthcheck", "run", name, check=False).returncode == 0

    def build_kefu(self):
        """Build the image from the Dockerfile as it is, on the stand-in base; return seconds
        (None: an image of this very source exists). The host's CA bundle is mounted for the
        build only (this network intercepts TLS)."""
        source = source_hash()
        if self.run("image", "exists", KEFU_IMAGE, check=False).returncode == 0 and source == (
            self.out("image", "inspect", "--format", '{{index .Labels "kefu.source"}}', KEFU_IMAGE)
        ):
            return None
        started = time.monotonic()
        self.run(
            "build",
            "--format=docker",  # OCI would drop the HEALTHCHECK
            # buildah (1.28) keys a RUN's layer cache on its text, not on the context bound
            # into it: a changed source would reuse a stale layer (BuildKit does not). So
            # the label above decides, and a build is a whole one.
            "--no-cache",
            f"--label=kefu.source={source}",
            f"--from={STAND_IN}",
            f"--volume={CA_BUNDLE}:{CA_BUNDLE}:ro",
            "--tag",
            KEFU_IMAGE,
            str(ROOT),
            timeout=BUILD_SECONDS,
        )
        return time.monotonic() - started


def source_hash():
    """What the Dockerfile builds from: itself and the files it copies out of the context."""
    digest = hashlib.sha256()
    names = ["Dockerfile", "pyproject.toml", "README.md", "constraints.txt", "config.py", "wsgi.py"]
    paths = [ROOT / name for name in names]
    paths += sorted(p for p in (ROOT / "kefu").rglob("*") if "__pycache__" not in p.parts)
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _quiet(stderr):
    # podman 4.3 logs these on every healthcheck when systemd is not running.
    return "\n".join(line for line in stderr.splitlines() if "systemd" not in line)


def setup_podman():
    """The podman of this machine, configured, with the local bases built (or skip/fail)."""
    missing = [tool for tool in ("podman", "runc", "debootstrap") if shutil.which(tool) is None]
    if missing:
        unavailable(f"{', '.join(missing)} not installed (scripts/ensure-podman installs them)")
    if os.geteuid() != 0:
        unavailable("the container checks run podman as root")
    if shutil.disk_usage("/var/lib").free < 4 * 2**30:
        unavailable("less than 4 GiB free for the images under /var/lib/containers")
    conf = subprocess.run(
        [str(ROOT / "scripts" / "podman-conf")], capture_output=True, text=True, check=True
    ).stdout.strip()
    bases = subprocess.run(
        [str(ROOT / "scripts" / "container-bases")],
        env={**os.environ, "CONTAINERS_CONF": conf},
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
        check=False,
    )
    if bases.returncode != 0:
        unavailable(f"scripts/container-bases failed:\n{_quiet(bases.stderr)[-3000:]}")
    return Podman(conf)
