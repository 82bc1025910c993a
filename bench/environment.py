"""What a bench run ran on: the machine, the exact library versions, Kefu's commit.

A figure means little unless someone can run it again on the same thing (the one-worker
figure once fell fourfold between two runs whose library versions nobody recorded), so every
results.json carries this block and the report prints it beside the figures."""

import hashlib
import json
import os
import platform
import resource
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"
REFERENCE_LOCK = Path(__file__).resolve().parent / "reference" / "package-lock.json"
# The libraries whose internals kefu/patches/ reaches into, and the servers' cores: named
# in the report's one-line summary (every package is in results.json).
HEADLINE_PACKAGES = (
    "python-engineio",
    "python-socketio",
    "Flask-SocketIO",
    "gevent",
    "greenlet",
    "gevent-websocket",
    "psycopg",
    "SQLAlchemy",
)


def _run(*command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def cpu():
    """The CPU's model name and its current clock (MHz) as /proc/cpuinfo reports them."""
    model = mhz = None
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return {"model": platform.processor() or None, "mhz": None}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "model name" and model is None:
            model = value
        elif key == "cpu MHz" and mhz is None:
            mhz = round(float(value))
    return {"model": model, "mhz": mhz}


def installed_packages():
    """{distribution name: version} of everything installed in this environment."""
    return {
        dist.metadata["Name"]: dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower() != "kefu"
    }


def read_lock(path=LOCK):
    """{name: version} pinned by constraints.txt."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip()] = version.strip()
    return pins


def _key(name):
    return name.lower().replace("_", "-").replace(".", "-")


def lock_differences(installed, pins):
    """Pinned packages installed at another version, or not at all: ["name pin → got"]."""
    have = {_key(name): version for name, version in installed.items()}
    return [
        f"{name} {version} → {have.get(_key(name), 'missing')}"
        for name, version in sorted(pins.items(), key=lambda item: _key(item[0]))
        if have.get(_key(name)) != version
    ]


def reference_socketio():
    """The socket.io version the Node reference runs (from its package-lock.json)."""
    try:
        packages = json.loads(REFERENCE_LOCK.read_text())["packages"]
    except (OSError, KeyError, ValueError):
        return None
    return packages.get("node_modules/socket.io", {}).get("version")


def describe():
    """The whole block recorded in results.json."""
    installed = installed_packages()
    lock = {"sha256": None, "differences": None}
    if LOCK.exists():
        lock["sha256"] = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]
        lock["differences"] = lock_differences(installed, read_lock())
    commit = _run("git", "rev-parse", "--short=12", "HEAD")
    dirty = _run("git", "status", "--porcelain", "--untracked-files=no")
    return {
        "cpu": cpu(),
        "cpus": os.cpu_count(),
        "kernel": f"{platform.release()} {platform.version()}",
        "python": platform.python_version(),
        "node": _run("node", "--version"),
        "reference_socketio": reference_socketio(),
        "fd_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[1],
        "kefu_commit": None if commit is None else commit + (" (modified)" if dirty else ""),
        "lock": lock,
        "packages": installed,
    }


def summary_lines(environment):
    """The report's lines about what the run ran on."""
    if not environment:
        return []
    processor = environment.get("cpu") or {}
    packages = {_key(name): version for name, version in environment.get("packages", {}).items()}
    lock = environment.get("lock") or {}
    differences = lock.get("differences")
    if lock.get("sha256") is None:
        lock_text = "no constraints.txt"
    elif differences:
        lock_text = f"constraints.txt {lock['sha256']}, but " + "; ".join(differences)
    else:
        lock_text = f"constraints.txt {lock['sha256']} (every pin installed as locked)"
    libraries = ", ".join(
        f"{name} {packages[_key(name)]}" for name in HEADLINE_PACKAGES if _key(name) in packages
    )
    return [
        f"- Machine: {processor.get('model')} at {processor.get('mhz')} MHz, "
        f"{environment.get('cpus')} CPUs, kernel {environment.get('kernel')}, "
        f"fd limit {environment.get('fd_limit')}",
        f"- Kefu {environment.get('kefu_commit')}, Python {environment.get('python')}, "
        f"Node {environment.get('node')} with socket.io {environment.get('reference_socketio')}",
        f"- Libraries: {libraries}",
        f"- Lock: {lock_text}",
    ]
