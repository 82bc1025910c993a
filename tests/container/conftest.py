"""The Kefu image built once per run on local bases, and the figures the checks measure
(printed at the end of the run, and kept in test-results/container-figures.json)."""

import json
import time

import pytest

from .podman import KEFU_IMAGE, ROOT, STAND_IN, setup_podman

FIGURES = {}


@pytest.fixture(scope="session")
def figures():
    return FIGURES


@pytest.fixture(scope="session")
def podman():
    started = time.monotonic()
    engine = setup_podman()
    FIGURES["bases ready (s)"] = round(time.monotonic() - started, 1)
    return engine


@pytest.fixture(scope="session")
def kefu_image(podman):
    seconds = podman.build_kefu()
    FIGURES["kefu image build (s)"] = (
        "cached (same source)" if seconds is None else round(seconds, 1)
    )
    size, base = podman.image_size(KEFU_IMAGE), podman.image_size(STAND_IN)
    FIGURES["image size on the stand-in base (MB)"] = round(size / 1e6)
    FIGURES["Kefu's layers over the base (MB)"] = round((size - base) / 1e6)
    return KEFU_IMAGE


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("container figures")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name}: {value}")
    out = ROOT / "test-results"
    out.mkdir(exist_ok=True)
    (out / "container-figures.json").write_text(json.dumps(FIGURES, indent=2) + "\n")
