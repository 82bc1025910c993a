"""Every reach into a library's internals, one module per library, installed by install_all().

Each module names the distribution it reaches into (LIBRARY), the releases it was checked
against (VERSIONS), a fingerprint of every upstream function it copies, replaces or relies on
by its private shape (UPSTREAM), and the other patches it builds on (REQUIRES). A module is
used only when the installed release is one of its VERSIONS and every fingerprint still
matches; otherwise Kefu logs why and runs that library unpatched: slower, never broken.
tests/unit/test_patches.py fails by the library's name when the locked version moves past
what a patch knows, so an upgrade is a decision, not an accident.

Both entry points (`kefu serve`, wsgi.py) call `install_all(socketio)` once the app exists;
`allowed(library)` answers the code that subclasses a library instead of patching it (the
Socket.IO fan-out manager, the storage driver path). Nothing else imports these modules.
"""

import importlib
import logging

from .guard import Verdict, judge

log = logging.getLogger(__name__)

# Order matters: a patch comes after the ones it REQUIRES.
MODULES = ("geventwebsocket", "engineio", "psycopg", "socketio", "sqlalchemy")
_verdicts = {}  # library -> Verdict, judged once per process (before anything is patched)


def _module(name):
    return importlib.import_module(f"{__name__}.{name}")


def verdict(name):
    """The guard's verdict on one patch module (cached: a patched function's source would
    otherwise be judged against itself)."""
    if name not in _verdicts:
        patch = _module(name)
        required = [verdict(other) for other in getattr(patch, "REQUIRES", ())]
        broken = [v.library for v in required if not v.usable]
        _verdicts[name] = judge(patch, needs_unusable=broken)
    return _verdicts[name]


def allowed(name):
    """True when the patch module `name` may be used on the installed library."""
    return verdict(name).usable


def install_all(socketio):
    """Install every usable patch; log each one left out. Returns {library: status}."""
    statuses = {}
    for name in MODULES:
        found = verdict(name)
        if not found.usable:
            log.warning("%s %s: running unpatched: %s", found.library, found.version, found.reason)
            statuses[found.library] = f"unpatched: {found.reason}"
            continue
        installed = _module(name).install(socketio)
        statuses[found.library] = "patched" if installed else "not used by this server"
    _installed.clear()
    _installed.update(statuses)
    return dict(statuses)


_installed = {}


def configure(config):
    """Hand the app's settings to the installed patches that take any (`configure(config)`)."""
    for name in MODULES:
        if _installed.get(verdict(name).library) == "patched":
            hook = getattr(_module(name), "configure", None)
            if hook is not None:
                hook(config)


def installed():
    """What the last install_all() did, {library: status} (GET /api/admin/runtime)."""
    return dict(_installed)


__all__ = ["Verdict", "allowed", "configure", "install_all", "installed", "verdict", "MODULES"]
