"""The version guard of kefu/patches/: is a patch written for the library installed here?

A fingerprint is a short hash of an upstream function's source as the installed package's
file has it (read with `ast`, not from the live object, which a patch may have replaced)."""

import ast
import hashlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Verdict:
    library: str
    version: str | None
    usable: bool
    reason: str = ""


@cache
def _tree(module):
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None, None
    source = Path(spec.origin).read_text(encoding="utf-8")
    return source, ast.parse(source)


def fingerprint(target):
    """ "package.module:Class.method" → 12 hex digits of the definition's source (None when
    the module or the name is not there)."""
    module, _, qualname = target.partition(":")
    source, node = _tree(module)
    if node is None:
        return None
    for part in qualname.split("."):
        node = next(
            (
                child
                for child in getattr(node, "body", ())
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and child.name == part
            ),
            None,
        )
        if node is None:
            return None
    segment = ast.get_source_segment(source, node, padded=True)
    return hashlib.sha256(segment.encode()).hexdigest()[:12]


def installed_version(library):
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return None


def changed_upstream(upstream):
    """The targets of UPSTREAM whose source no longer has the recorded fingerprint."""
    return [target for target, known in upstream.items() if fingerprint(target) != known]


def judge(patch, needs_unusable=()):
    """The Verdict on a patch module (LIBRARY, VERSIONS, UPSTREAM)."""
    version = installed_version(patch.LIBRARY)
    if version is None:
        return Verdict(patch.LIBRARY, None, False, "not installed")
    if needs_unusable:
        return Verdict(patch.LIBRARY, version, False, "needs " + ", ".join(needs_unusable))
    if version not in patch.VERSIONS:
        known = ", ".join(sorted(patch.VERSIONS))
        return Verdict(patch.LIBRARY, version, False, f"written for {known}, not {version}")
    changed = changed_upstream(patch.UPSTREAM)
    if changed:
        return Verdict(
            patch.LIBRARY, version, False, "upstream source changed: " + ", ".join(changed)
        )
    return Verdict(patch.LIBRARY, version, True)
