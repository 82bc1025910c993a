"""A visitor's browser, system and device in words ("Chrome 120", "Windows 10", "iPhone")
from the User-Agent header, for the agent's visitor panel. ua-parser keeps its own cache, so
the many conversation events of one visitor parse the string once."""

from ua_parser import parse


def _named(family, major=None, minor=None):
    if not family or family == "Other":
        return None
    version = ".".join(part for part in (major, minor) if part)
    return f"{family} {version}" if version else family


def device_summary(user_agent):
    """{"browser", "os", "device"} (each a string or None); None without a User-Agent."""
    if not user_agent:
        return None
    found = parse(user_agent)
    browser, system, device = found.user_agent, found.os, found.device
    return {
        "browser": browser and _named(browser.family, browser.major),
        "os": system and _named(system.family, system.major, system.minor),
        "device": device and _named(device.family),
    }
