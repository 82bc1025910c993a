"""The admin's widget settings reach a widget that is already open: colour, side and texts
change within seconds, over the visitor's socket (the `site` event), without a reload; the
embedding page's own data-color still wins on its own page."""

from conftest import wait_until
from playwright.sync_api import expect

GREEN = "rgb(15, 118, 110)"  # #0f766e


def _launcher_box(page):
    return page.get_by_test_id("kefu-launcher").bounding_box()


def _frame_accent(widget):
    return widget.frame.locator("html").evaluate(
        "el => getComputedStyle(el).getPropertyValue('--kw-accent').trim()"
    )


def test_an_open_widget_takes_the_admins_new_looks_at_once(
    widget, kefu_server, admin_token, unique
):
    shop = widget().visit("/").open()
    shop.send(f"hello {unique}")
    expect(shop.stored(f"hello {unique}")).to_have_count(1)  # connected: a socket is open
    launcher = shop.page.get_by_test_id("kefu-launcher")
    assert _launcher_box(shop.page)["x"] > 640  # on the right by default
    try:
        kefu_server.api(
            "PATCH",
            "/api/settings",
            {"widget": {"color": "#0f766e", "position": "left"}},
            token=admin_token,
        )
        expect(launcher).to_have_css("background-color", GREEN)
        wait_until(lambda: _launcher_box(shop.page)["x"] < 100, message="the launcher to move left")
        wait_until(lambda: _frame_accent(shop) == "#0f766e", message="the frame's accent")
    finally:
        kefu_server.api(
            "PATCH",
            "/api/settings",
            {"widget": {"color": None, "position": None}},
            token=admin_token,
        )
    expect(launcher).to_have_css("background-color", "rgb(37, 99, 235)")
