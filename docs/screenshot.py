"""Make docs/report.png: the html report of the NATO example in headless Chromium.

    python docs/screenshot.py [OUTPUT.png]

Needs Debian's Chromium (/usr/bin/chromium, or $COPYDESK_CHROMIUM) and Playwright (the test
extra). The report is produced by the real command line; the duplicated attribution is clicked,
so the picture shows a highlight, the findings list and the popover with the rule's reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "nato-training-center.txt"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "report.png"
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "lint", "check", "--no-cache", "--output-format", "html",
                        "--output-file", str(report), ARTICLE.relative_to(ROOT).as_posix()],
                       cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("COPYDESK_CHROMIUM", "/usr/bin/chromium"),
                                        args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
            page.goto(report.as_uri())
            page.locator("mark.cd-mark.lvl-error").first.click()
            page.evaluate("window.scrollTo(0, document.querySelector('.cd-article').offsetTop - 8)")
            page.wait_for_timeout(1600)  # let the flash fade
            page.screenshot(path=str(out))
            browser.close()
    print(out)


if __name__ == "__main__":
    main()
