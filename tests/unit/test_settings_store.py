"""kefu/settings/store.py and update.py: one row per section, a cache of at most a second
per worker, merge-patch semantics, and stored sections that went bad."""

import pytest

from kefu import create_app
from kefu.extensions import db
from kefu.models import Setting
from kefu.settings import current_settings, update_settings
from kefu.settings.schema import SettingsPatch
from kefu.settings.store import CACHE_SECONDS, EXTENSION_KEY, SettingsCache, read_settings
from kefu.settings.update import merge_patch


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def patch(**fields):
    return SettingsPatch.model_validate(fields)


def test_the_cache_is_at_most_a_second_old():
    """The contract allows two seconds; the cache keeps a read for at most one."""
    assert 0 < CACHE_SECONDS <= 1.0


def test_another_worker_sees_a_change_once_its_cache_expires(app, tmp_path):
    """Two apps on one database stand for two workers: a change made through one is in
    use by the other as soon as that one's cached read is CACHE_SECONDS old, and not
    before (so the cache really saves reads)."""
    other = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    clock = FakeClock()
    other.extensions[EXTENSION_KEY] = SettingsCache(clock=clock)
    with other.app_context():
        assert current_settings().widget.color == "#2563eb"
    update_settings(None, patch(widget={"color": "#00ff00"}))
    with other.app_context():
        clock.now += CACHE_SECONDS - 0.01
        assert current_settings().widget.color == "#2563eb"
        clock.now += 0.01
        assert current_settings().widget.color == "#00ff00"
        db.session.remove()
    with other.app_context():
        db.engine.dispose()


def test_one_row_per_section_and_none_for_defaults(app):
    """A section is stored as one row holding its whole value; back at its default the
    row is removed."""
    update_settings(None, patch(auto_close_minutes=20, widget={"position": "left"}))
    rows = {row.key: row.value for row in db.session.query(Setting)}
    assert rows["auto_close_minutes"] == 20
    assert rows["widget"]["position"] == "left" and rows["widget"]["color"] == "#2563eb"
    assert set(rows) == {"auto_close_minutes", "widget"}
    update_settings(None, patch(widget={"position": "right"}, auto_close_minutes=None))
    assert db.session.query(Setting).count() == 0


def test_a_broken_section_falls_back_to_its_default_alone(app, caplog):
    """A stored section that no longer validates (edited by hand, an older version) is
    replaced by its default; the valid sections still apply; rows of other features are
    not read."""
    db.session.add_all(
        [
            Setting(key="widget", value={"color": "not a colour"}),
            Setting(key="auto_close_minutes", value=45),
            Setting(key="webhooks_paused", value={"paused": True}),
        ]
    )
    db.session.commit()
    settings = read_settings()
    assert settings.widget.color == "#2563eb"
    assert settings.auto_close_minutes == 45
    assert "'widget' is not valid" in caplog.text


@pytest.mark.parametrize(
    "target, change, result",
    [
        ({"a": 1, "b": 2}, {"a": 3}, {"a": 3, "b": 2}),
        ({"a": 1, "b": 2}, {"a": None}, {"b": 2}),
        ({"a": {"x": 1, "y": 2}}, {"a": {"y": None, "z": 3}}, {"a": {"x": 1, "z": 3}}),
        ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
        ({"a": None}, {"a": {"x": 1}}, {"a": {"x": 1}}),
        ({"a": {"x": 1}}, {"a": "flat"}, {"a": "flat"}),
    ],
)
def test_merge_patch_follows_rfc_7396(target, change, result):
    """Objects merge, null removes, everything else replaces."""
    assert merge_patch(target, change) == result
