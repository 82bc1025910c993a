"""The visitor panel's browser, system and device in words, from the User-Agent."""

import pytest

from kefu.devices import device_summary

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    "user_agent, expected",
    [
        (IPHONE, {"browser": "Mobile Safari 17", "os": "iOS 17.1", "device": "iPhone"}),
        (WINDOWS, {"browser": "Chrome 120", "os": "Windows 10", "device": None}),
        ("curl/8.5.0", {"browser": "curl 8", "os": None, "device": None}),
        ("", None),
        (None, None),
    ],
)
def test_device_summary(user_agent, expected):
    assert device_summary(user_agent) == expected
