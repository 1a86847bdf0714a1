"""Every example's HTML passes axe-core's automated accessibility checks, zero violations.

Public sector bodies must publish accessible pages (the Public Sector Bodies (Websites
and Mobile Applications) Accessibility Regulations 2018), and the privacy notice's
HTML is meant for a website. The check runs axe-core (from npm) in headless Chromium:
a copy of each page gets axe injected, which writes its violations into the page, and
Chromium prints the page's DOM. It runs where both are installed: Chromium on the PATH
and axe.min.js at $AXE_CORE_JS, ./node_modules or .ci/node/node_modules (`.ci/run`
installs both under CI); elsewhere it is skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sharewiz.sets.build import render_answers_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
_AXE_PLACES = [
    os.environ.get("AXE_CORE_JS", ""),
    str(ROOT / "node_modules" / "axe-core" / "axe.min.js"),
    str(ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"),
]
AXE = next((Path(p) for p in _AXE_PLACES if p and Path(p).is_file()), None)
CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
# Report each violation as rule id, impact, help text and the elements it found.
_RUN_AXE = """<script>
axe.run(document).then(function (result) {
  var out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = JSON.stringify(result.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
  }));
  document.body.appendChild(out);
});
</script>"""


def axe_violations(page: Path, work: Path) -> list[dict[str, object]]:
    """Run axe-core over an HTML file in headless Chromium; return its violations."""
    assert AXE is not None and CHROMIUM is not None
    html = page.read_text(encoding="utf-8")
    checked = work / f"axe-{page.name}"
    scripts = f"<script>{AXE.read_text(encoding='utf-8')}</script>{_RUN_AXE}"
    checked.write_text(html.replace("</body>", scripts + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={work / 'chromium-profile'}",
         "--virtual-time-budget=30000", "--dump-dom", checked.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', done.stdout, flags=re.DOTALL)
    assert found, f"axe did not report on {page.name}: {done.stderr[-1000:]}"
    text = found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    violations: list[dict[str, object]] = json.loads(text.replace("&amp;", "&"))
    return violations


@pytest.mark.skipif(AXE is None or CHROMIUM is None, reason="Chromium or axe-core not installed")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_html_has_no_accessibility_violations(example: Path, tmp_path: Path) -> None:
    result = render_answers_file(example, out_dir=tmp_path / "out", formats=["html"])
    for document in result.documents:
        violations = axe_violations(tmp_path / "out" / f"{document.id}.html", tmp_path)
        assert violations == [], f"{document.id}: {json.dumps(violations, indent=1)}"


@pytest.mark.skipif(AXE is None or CHROMIUM is None, reason="Chromium or axe-core not installed")
def test_the_check_finds_a_real_violation(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="x.png"></main></body></html>'
    )
    assert [v["id"] for v in axe_violations(page, tmp_path)] == [
        "html-has-lang",
        "image-alt",
        "page-has-heading-one",
    ]
