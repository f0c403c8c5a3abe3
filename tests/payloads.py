"""Cross-site scripting payloads, and a corpus that carries them in every field.

Every payload, if it ever ran, would call alert(), confirm() or prompt() (which the browser
tests listen for) or be an element or attribute the HTML checks refuse.
"""

from pathlib import Path

PAYLOADS = [
    # script elements, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<script src=//example.invalid/x.js></script>",
    "<scr<script>ipt>alert(3)</scr</script>ipt>",
    "<script\t>alert(4)</script>",
    "<<script>alert(5)//<</script>",
    "</title><script>alert(6)</script>",
    "</textarea><script>alert(7)</script>",
    "</mark><script>alert(8)</script><mark>",
    "<mark onclick=alert(9)>coup</mark>",
    # event attributes
    "<img src=x onerror=alert(10)>",
    "<svg onload=alert(11)>",
    "<svg><animate onbegin=alert(12) attributeName=x dur=1s>",
    "<body onload=alert(13)>",
    "<input autofocus onfocus=alert(14)>",
    "<details open ontoggle=alert(15)>",
    "<video><source onerror=alert(16)></video>",
    "<marquee onstart=alert(17)>",
    "<div style=\"width:expression(alert(18))\">",
    "<a href=# onmouseover=alert(19)>x</a>",
    # breaking out of attributes and quotes
    "\" onmouseover=\"alert(20)",
    "' onmouseover='alert(21)",
    "\"><script>alert(22)</script>",
    "'><img src=x onerror=alert(23)>",
    "\" autofocus onfocus=alert(24) x=\"",
    "`><svg onload=alert(25)>",
    # javascript: and data: URLs
    "javascript:alert(26)",
    "JaVaScRiPt:alert(27)",
    " javascript:alert(28)",
    "java\tscript:alert(29)",
    "<a href=\"javascript:alert(30)\">click</a>",
    "<iframe src=\"javascript:alert(31)\"></iframe>",
    "data:text/html,<script>alert(32)</script>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgzMyk8L3NjcmlwdD4=\">",
    "<form action=javascript:alert(34)><button>go</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(35)>",
    # entity and encoding tricks
    "&lt;script&gt;alert(36)&lt;/script&gt;",
    "&#60;script&#62;alert(37)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(38)&#x3E;",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(39)>",
    "\\u003cscript\\u003ealert(40)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(41)%3C/script%3E",
    "<img src=x onerror=\"&#x61;lert(42)\">",
    "＜script＞alert(43)＜/script＞",
    # broken, nested and unterminated markup
    "<img src=x onerror=alert(44)",
    "<<img src=x onerror=alert(45)>>",
    "<!--<img src=x onerror=alert(46)>-->",
    "<![CDATA[<script>alert(47)</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(48)>\">",
    "<template><script>alert(49)</script></template>",
    "<style>@import'javascript:alert(50)';</style>",
    "<base href=javascript:alert(51)//>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(52)>",
    "<link rel=import href=data:text/html,<script>alert(53)</script>>",
    # template and attribute-value injection for the server side
    "{{7*7}}{% raw %}{{ config }}{% endraw %}",
    "${alert(55)}",
    "]]><script>alert(56)</script>",  # breaks out of an XML CDATA section (feeds)
    "</feed><script>alert(57)</script>",
    # formulas, for whoever opens the CSV export in a spreadsheet
    "=HYPERLINK(\"javascript:alert(58)\",\"x\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
]

# Words a user may search that occur inside the payloads, so highlights land inside them.
PAYLOAD_WORDS = ["script", "onerror", "alert", "javascript", "img", "svg", "onload", "mark"]

OUTLETS = 5


def write_hostile_corpus(corpus: Path) -> None:
    """Write one article per group of payloads: every field of each carries one of them.

    Titles, outlets, authors, headings, notes, URLs and paragraphs (one payload per paragraph,
    some at the edge of a highlight fragment, next to the searched word) all hold payloads.
    """
    filler = "The long report about the crisis went on for a while. " * 4
    for n, start in enumerate(range(0, len(PAYLOADS), 6)):
        group = [PAYLOADS[(start + k) % len(PAYLOADS)] for k in range(6)]
        first = group[0]
        paragraphs = [f"## {group[-1]}"]
        for payload in group:
            paragraphs.append(f"Before the coup {payload} after the coup.")
            paragraphs.append(f"{filler}{payload} coup {filler}")  # split across fragments
        lines = ["---", f"title: {_yaml(first + ' title')}",
                 f"outlet: {_yaml(PAYLOADS[n % OUTLETS] + ' outlet')}",
                 "authors:", f"  - {_yaml(group[1] + ' author')}",
                 f"date: \"2019-{1 + n % 12:02d}-1{n % 10}\"",
                 f"url: {_yaml(group[2])}", f"note: {_yaml(group[3])}", "---", ""]
        body = "\n\n".join(paragraphs)
        (corpus / f"hostile-{n:02d}.md").write_text("\n".join(lines) + body + "\n", "utf-8")


def _yaml(text: str) -> str:
    """Quote text as a YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"
