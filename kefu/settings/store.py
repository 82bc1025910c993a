"""The settings table, one row per section, read through a short per-process cache.

Each worker keeps what it read for at most CACHE_SECONDS, so a change made on any worker is
in use everywhere within that time (the contract allows two seconds), without a restart and
without a round trip to the database on every widget load. The worker that makes a change
drops its copy at once."""

import logging
import time

from flask import current_app
from pydantic import ValidationError
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Setting
from ..timeutil import utcnow
from .schema import DEFAULTS, SECTIONS, Settings

log = logging.getLogger(__name__)

EXTENSION_KEY = "kefu.settings"
CACHE_SECONDS = 1.0


class SettingsCache:
    """The settings as last read, kept for `ttl` seconds of `clock`."""

    def __init__(self, ttl=CACHE_SECONDS, clock=time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._value = None
        self._expires = 0.0

    def get(self, load):
        now = self.clock()
        if self._value is None or now >= self._expires:
            self._value = load()
            self._expires = now + self.ttl
        return self._value

    def clear(self):
        self._value = None


def settings_cache(app=None):
    app = app or current_app
    return app.extensions.setdefault(EXTENSION_KEY, SettingsCache())


def current_settings():
    """The settings in force: stored sections over the defaults, at most a second old."""
    return settings_cache().get(read_settings)


def read_settings(for_update=False):
    """Read every stored section from the database (no cache); `for_update` locks the rows
    until the transaction ends, so two changes of one section take turns."""
    query = select(Setting.key, Setting.value).where(Setting.key.in_(SECTIONS))
    if for_update:
        query = query.with_for_update()
    stored = {key: value for key, value in db.session.execute(query)}
    try:
        return Settings.model_validate(stored)
    except ValidationError:
        return _salvage(stored)


def _salvage(stored):
    """Keep the stored sections that are still valid; a broken one (written by hand, or by
    an older version) falls back to its default rather than take the widget down."""
    good = {}
    for key, value in stored.items():
        try:
            Settings.model_validate({key: value})
        except ValidationError as exc:
            log.warning("settings section %r is not valid, using its default: %s", key, exc)
            continue
        good[key] = value
    return Settings.model_validate(good)


def write_sections(settings, sections):
    """Store `sections` of `settings` in the current transaction: a section equal to its
    default has no row. The caller commits, then calls forget()."""
    for section in sections:
        value = getattr(settings, section)
        if value == getattr(DEFAULTS, section):
            db.session.execute(delete(Setting).where(Setting.key == section))
            continue
        dumped = settings.model_dump(mode="json", include={section})[section]
        row = db.session.get(Setting, section)
        if row is None:
            db.session.add(Setting(key=section, value=dumped, updated_at=utcnow()))
        else:
            row.value = dumped
            row.updated_at = utcnow()


def forget():
    """Drop this worker's cached copy (after a change it committed)."""
    settings_cache().clear()
