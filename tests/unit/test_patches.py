"""The version guard of kefu/patches/: each patch knows the library installed here, and one
that does not is left out with its reason, never installed blind."""

from types import SimpleNamespace

import pytest
from engineio.socket import Socket

from kefu import patches
from kefu.patches import guard


@pytest.mark.parametrize("name", patches.MODULES)
def test_patch_knows_the_installed_library(name):
    """Fails, naming the library, when the locked version of a patched library moves past
    what its patch was written for or an upstream function it mirrors changed: re-read the
    upstream code, re-check the patch, then record the new version and fingerprints."""
    patch = patches._module(name)
    version = guard.installed_version(patch.LIBRARY)
    assert version in patch.VERSIONS, f"{patch.LIBRARY} {version}: the patch knows {patch.VERSIONS}"
    assert guard.changed_upstream(patch.UPSTREAM) == [], f"{patch.LIBRARY} {version} changed"
    assert patches.verdict(name).usable


def test_a_release_the_patch_does_not_know_is_refused():
    patch = SimpleNamespace(LIBRARY="python-engineio", VERSIONS=frozenset({"0.0.1"}), UPSTREAM={})
    verdict = guard.judge(patch)
    assert not verdict.usable
    assert verdict.reason == f"written for 0.0.1, not {guard.installed_version('python-engineio')}"


def test_changed_upstream_source_is_refused_by_name():
    target = "engineio.socket:Socket._websocket_handler"
    patch = SimpleNamespace(
        LIBRARY="python-engineio",
        VERSIONS=frozenset({guard.installed_version("python-engineio")}),
        UPSTREAM={target: "000000000000"},
    )
    verdict = guard.judge(patch)
    assert not verdict.usable
    assert verdict.reason == f"upstream source changed: {target}"


def test_a_missing_library_or_function_is_refused():
    absent = SimpleNamespace(LIBRARY="no-such-distribution", VERSIONS=frozenset(), UPSTREAM={})
    assert guard.judge(absent).reason == "not installed"
    assert guard.fingerprint("engineio.socket:Socket.no_such_method") is None
    assert guard.fingerprint("no_such_module:anything") is None


def test_fingerprint_reads_the_file_not_the_patched_object(monkeypatch):
    """A patch installed in this process does not change what the guard sees upstream."""
    before = guard.fingerprint("engineio.socket:Socket.schedule_ping")
    monkeypatch.setattr(Socket, "schedule_ping", lambda self: None)
    assert guard.fingerprint("engineio.socket:Socket.schedule_ping") == before


def test_install_all_leaves_unusable_patches_out(monkeypatch):
    """With every verdict negative nothing is touched and each library says why."""
    refused = {
        name: guard.Verdict(patches._module(name).LIBRARY, "9.9", False, "written for 1.0")
        for name in patches.MODULES
    }
    monkeypatch.setattr(patches, "_verdicts", refused)
    handler = Socket._websocket_handler
    statuses = patches.install_all(socketio=None)  # None: any install would fail loudly
    assert Socket._websocket_handler is handler
    assert statuses == {v.library: "unpatched: written for 1.0" for v in refused.values()}
    assert patches.installed() == statuses


def test_a_patch_whose_requirement_is_refused_is_refused(monkeypatch):
    """engineio's handler reads frames through the gevent-websocket patch: without it, none."""
    monkeypatch.setattr(
        patches,
        "_verdicts",
        {"geventwebsocket": guard.Verdict("gevent-websocket", "0.10.1", False, "changed")},
    )
    verdict = patches.verdict("engineio")
    assert not verdict.usable and verdict.reason == "needs gevent-websocket"
