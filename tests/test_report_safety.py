"""The HTML audit report never lets article text run as markup, and shows bidi and
control characters as visible code points."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from service.report import html_page
import units

HOSTILE = ('<script>alert(1)</script> 130억 달러(약 18조 원) "><img src=x onerror=alert(2)> '
           "<a href='javascript:alert(3)'>x</a> \u202e1000억 달러(약 135조 원)\u202c \x07\x1b[31m "
           "<style>body{display:none}</style> &lt;b&gt; 5억 달러(약 7천억 원)<!-- -->")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def _page(text: str, name: str = "article.txt") -> str:
    return html_page([(name, text, units.audit(text, rate="1380"))])


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "small", "div", "input",
                "label", "main", "section", "dl", "dt", "dd", "ul", "li", "span", "table", "caption", "thead", "tbody",
                "tr", "th", "td", "br", "b", "sup", "article", "mark", "p", "script"}


def test_no_markup_from_the_input() -> None:
    page = _page(HOSTILE, name='<img src=x onerror="alert(4)">.txt')
    parser = _Collect()
    parser.feed(page)
    assert set(parser.tags) <= ALLOWED_TAGS, set(parser.tags) - ALLOWED_TAGS
    assert parser.tags.count("style") == 1  # ours, in the head
    assert parser.tags.count("script") == 1  # the JSON data block: not code
    names = {k for k, _ in parser.attrs}
    assert names <= {"lang", "charset", "http-equiv", "content", "class", "title", "name", "id", "type", "checked",
                     "for", "role", "aria-label", "aria-labelledby", "aria-describedby", "tabindex", "data-count",
                     "data-pair"}, names
    assert not any(v and ("javascript:" in v or "alert(" in v) for _, v in parser.attrs)
    assert "&lt;script&gt;" in page and "onerror=alert(2)&gt;" in page


def test_the_json_data_block_cannot_close_itself() -> None:
    page = _page(HOSTILE + " </script><script>alert(5)</script>")
    data = page.split('<script type="application/json" id="eokjo-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    import json

    (report,) = json.loads(data)
    assert "</script><script>alert(5)</script>" in "".join(f["text"] for f in report["figures"]) or report["figures"]
    assert page.count("</script>") == 1


def test_bidi_and_control_characters_are_made_visible() -> None:
    page = _page(HOSTILE)
    assert "\u202e" not in page and "\x07" not in page and "\x1b" not in page
    assert "⟨U+202E⟩" in page and "⟨U+0007⟩" in page


def test_figures_are_still_highlighted_by_verdict() -> None:
    page = _page(HOSTILE)
    marks = re.findall(r'<mark class="m pair v-(\w+)[^"]*"[^>]*>([^<]*)</mark>', page)
    assert ("consistent", "130억 달러") in marks and ("inconsistent", "135조 원") in marks
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
