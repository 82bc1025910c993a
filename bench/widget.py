"""The widget's weight and speed as a visitor's browser sees them: the loader script and
everything the chat frame loads, gzipped (level 6, as a proxy would send them), and the
time from the page's start to a launcher the visitor can click, in Debian's Chromium on
the demo page. Budgets (issue: small and fast): loader ≤ 8 KB, frame ≤ 120 KB."""

import gzip
import statistics
import urllib.request

from .servers import running

LOADER_BUDGET = 8 * 1024
FRAME_BUDGET = 120 * 1024
CHROMIUM = "/usr/bin/chromium"
# Set on the first frame the launcher button exists (the loader makes it in a shadow root).
READY_PROBE = """
(function look() {
  const host = document.getElementById('kefu-widget');
  if (host && host.shadowRoot && host.shadowRoot.querySelector('.launcher')) {
    window.__kefuReady = performance.now();
  } else {
    requestAnimationFrame(look);
  }
})();
"""


def gzipped(url):
    with urllib.request.urlopen(url, timeout=30) as reply:
        return len(gzip.compress(reply.read(), compresslevel=6))


def watch_frame(page, base):
    """A list that fills with the URLs the chat frame loads (watched from before the page
    loads: the loader may start the frame before it is opened)."""
    seen = []

    def finished(request):
        if request.frame != page.main_frame and request.url.startswith(base):
            seen.append(request.url)

    page.on("requestfinished", finished)
    return seen


def frame_assets(page, seen):
    """The URLs the chat frame loaded (its document, scripts, styles) once opened."""
    page.locator("#kefu-widget .launcher").click()
    page.frame_locator("iframe").get_by_test_id("kefu-composer").wait_for()
    page.wait_for_load_state("networkidle")
    return sorted({u for u in seen if "/socket.io/" not in u and "/api/" not in u}, key=lambda u: u)


def run_widget(loads=5, log=print):
    from playwright.sync_api import sync_playwright

    with running("kefu", 1) as target, sync_playwright() as p:
        base = target.workers[0].url
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            ready = []
            assets = []
            for index in range(loads):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.add_init_script(READY_PROBE)
                seen = watch_frame(page, base)
                page.goto(base + "/")
                page.wait_for_function("window.__kefuReady !== undefined")
                ready.append(page.evaluate("window.__kefuReady"))
                if index == 0:
                    assets = frame_assets(page, seen)
                context.close()
        finally:
            browser.close()
        loader = gzipped(base + "/widget.js")
        frame = {url.removeprefix(base): gzipped(url) for url in assets}
    result = {
        "loader_gzip_bytes": loader,
        "frame_gzip_bytes": sum(frame.values()),
        "frame_files": len(frame),
        "largest_frame_files": sorted(frame.items(), key=lambda item: -item[1])[:5],
        "launcher_ready_ms": {
            "median": round(statistics.median(ready), 1),
            "max": round(max(ready), 1),
            "loads": loads,
        },
        "loader_budget_bytes": LOADER_BUDGET,
        "frame_budget_bytes": FRAME_BUDGET,
    }
    log(
        f"  widget: loader {loader / 1024:.1f} KB gz, frame {result['frame_gzip_bytes'] / 1024:.1f}"
        f" KB gz in {len(frame)} files, launcher ready {result['launcher_ready_ms']['median']} ms"
    )
    return result
