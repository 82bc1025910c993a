"""The suite runs on the versions constraints.txt pins (make test installs from it)."""

from bench import environment


def test_every_pinned_package_is_installed_at_its_pinned_version():
    """A package installed at another version than the lock's fails here, by name."""
    differences = environment.lock_differences(
        environment.installed_packages(), environment.read_lock()
    )
    assert differences == []


def test_lock_differences_names_a_changed_and_a_missing_package():
    pins = {"python-engineio": "4.15.1", "gevent": "26.9.0", "absent": "1.0"}
    installed = {"python_engineio": "4.15.1", "gevent": "26.10.0"}
    assert environment.lock_differences(installed, pins) == [
        "absent 1.0 → missing",
        "gevent 26.9.0 → 26.10.0",
    ]
