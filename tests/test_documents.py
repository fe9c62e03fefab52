"""Reports to hand out (Markdown, self-contained HTML, the batch page) and --watch."""

from __future__ import annotations

import re
import threading
import time
from html.parser import HTMLParser

from conftest import CASES

LEAK = CASES / "ceiling-leak.yaml"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        for key in ("src", "href"):
            if attrs.get(key) and not attrs[key].startswith("#"):
                self.external.append(attrs[key])
        if tag == "link":
            self.external.append(str(attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def test_html_review_is_self_contained_and_complete(invoke, tmp_path):
    out = tmp_path / "leak.html"
    result = invoke("review", LEAK, "--format", "html", "--output", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert "script" not in page.tags and not page.external  # no JavaScript, no assets
    assert 'name="viewport"' in html and "@media print" in html
    text = "".join(page.text)
    for part in ("吊顶漏水", "时间线", "点评", "正确做法", "回访闭环", "首问负责", "/ 100 分"):
        assert part in text
    assert "<mark>弄不了</mark>" in html  # evidence with the matched words highlighted
    assert oct(out.stat().st_mode & 0o777) != "0o600"  # a normal file, not mkstemp's 0600


def test_markdown_review(invoke):
    md = invoke("review", CASES / "flashlight-gift.yaml", "-f", "markdown").stdout
    assert md.startswith("# 手電筒禮品")
    assert "## 点评" in md and "**正确做法:**" in md
    assert re.search(r"> .+\*\*.+\*\*", md) or "✘ 不符合" in md


def test_several_cases_in_one_html_page(invoke):
    html = invoke("review", LEAK, CASES / "model-broadband.yaml", "-f", "html").stdout
    assert html.count("<h1>") == 2 and html.count("<!DOCTYPE html>") == 1


def test_batch_html_with_inline_svg_charts(invoke, tmp_path):
    out = tmp_path / "round.html"
    result = invoke("score", CASES, "--format", "html", "--output", out, "--jobs", "1")
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert "script" not in page.tags and not page.external
    assert html.count("<svg") == 2 and "<rect" in html
    text = "".join(page.text)
    assert "不符合的案例数" in text and "得分分布" in text and "ceiling-leak" in text


def test_watch_re_renders_when_the_file_is_saved(tmp_path, capsys):
    from casekit.cli import ReviewFormat, _watch
    from casekit.engine import Reviewer
    from casekit.rules import load_rules

    case = tmp_path / "c.yaml"
    case.write_text(LEAK.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.md"
    reviewer = Reviewer(load_rules())

    def edit():
        time.sleep(0.3)
        case.write_text(LEAK.read_text(encoding="utf-8").replace("title: ", "title: 改过的", 1),
                        encoding="utf-8")

    threading.Thread(target=edit).start()
    _watch(reviewer, [case], ReviewFormat.markdown, out, interval=0.1, rounds=15)
    assert out.read_text(encoding="utf-8").startswith("# 改过的")
