"""Dated exceptions in the console's Business hours section: add a Sunday that opens and a
short Christmas Eve on a holiday, see each mistake under its field, save, and the settings
hold exactly that."""

import pytest
from conftest import wait_until
from playwright.sync_api import expect
from test_admin_console import (  # noqa: F401  (fixtures)
    admin_login,
    open_console,
    section,
    settings_restored,
)

pytestmark = pytest.mark.e2e

OFFICE = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.mark.usefixtures("settings_restored")
def test_exceptions_are_added_checked_and_saved(kefu_server, new_page, admin_token, open_console):  # noqa: F811
    kefu_server.api("PATCH", "/api/settings", {"business_hours": None}, token=admin_token)
    kefu_server.api(
        "PATCH",
        "/api/settings",
        {"business_hours": {"timezone": "UTC", "weekly": OFFICE, "holidays": ["2026-12-24"]}},
        token=admin_token,
    )
    page = open_console(new_page(), path="/admin#hours")
    hours = section(page, "hours")
    expect(hours.get_by_test_id("admin-exceptions-empty")).to_be_visible()

    # A Sunday, closed every week: it starts from office hours.
    hours.get_by_test_id("admin-exception-input").fill("2026-12-27")
    hours.get_by_test_id("admin-exception-add").click()
    sunday = hours.locator("[data-testid=admin-exception][data-date='2026-12-27']")
    expect(sunday.get_by_test_id("admin-hours-start")).to_have_value("09:00")
    sunday.get_by_test_id("admin-hours-start").fill("10:00")
    sunday.get_by_test_id("admin-hours-end").fill("16:00")

    # Christmas Eve is a holiday: the exception says its hours apply instead.
    hours.get_by_test_id("admin-exception-input").fill("2026-12-24")
    hours.get_by_test_id("admin-exception-add").click()
    eve = hours.locator("[data-testid=admin-exception][data-date='2026-12-24']")
    expect(eve.get_by_test_id("admin-exception-holiday")).to_be_visible()
    expect(hours.get_by_test_id("admin-exception")).to_have_count(2)
    first = hours.get_by_test_id("admin-exception").first
    expect(first).to_have_attribute("data-date", "2026-12-24")  # kept by date

    # The same date twice is refused at the date field.
    hours.get_by_test_id("admin-exception-input").fill("2026-12-24")
    hours.get_by_test_id("admin-exception-add").click()
    error = hours.locator("[data-testid=admin-field-error][data-field=exception]")
    expect(error).to_contain_text("own hours already")
    expect(hours.get_by_test_id("admin-exception")).to_have_count(2)

    # A shift that ends when it starts: the error is shown under that shift, nothing saved.
    eve.get_by_test_id("admin-hours-end").fill("09:00")
    hours.get_by_test_id("admin-save").click()
    shift_error = eve.locator("[data-testid=admin-field-error][data-field='exceptions.0.0.end']")
    expect(shift_error).to_contain_text("another time")
    eve.get_by_test_id("admin-hours-end").fill("13:00")
    hours.get_by_test_id("admin-save").click()

    expected = [
        {"date": "2026-12-24", "shifts": [["09:00", "13:00"]]},
        {"date": "2026-12-27", "shifts": [["10:00", "16:00"]]},
    ]
    wait_until(
        lambda: (
            kefu_server.api("GET", "/api/settings", token=admin_token)["business_hours"][
                "exceptions"
            ]
            == expected
        ),
        message="the exceptions to be saved",
    )
    expect(hours.get_by_test_id("admin-save")).to_be_disabled()

    # Removing one and saving leaves the other.
    sunday.get_by_test_id("admin-exception-remove").click()
    hours.get_by_test_id("admin-save").click()
    wait_until(
        lambda: (
            kefu_server.api("GET", "/api/settings", token=admin_token)["business_hours"][
                "exceptions"
            ]
            == expected[:1]
        ),
        message="the Sunday to be removed",
    )
