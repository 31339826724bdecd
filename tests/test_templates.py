"""Templates hold one element per line: no line runs over 200 characters, except a sentence for
the translators that cannot be split without changing its msgid (dxtrack/locale)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINE = 200
AROUND = 40  # what may stand beside that sentence: indentation, `<p>…</p>`

# `{% blocktranslate … %}…{% endblocktranslate %}` (or the older `blocktrans`) whole on one line.
BLOCKTRANSLATE = re.compile(
    r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{%\s*blocktrans\s.*?\{%\s*endblocktrans\s*%\}"
)
# `{% translate "…" %}` (or `trans`): its quoted text is the msgid.
TRANSLATE = re.compile(r"""\{%\s*trans(?:late)?\s+("[^"]*"|'[^']*')[^%]*%\}""")


def template_files() -> list[Path]:
    roots = [ROOT / "templates", *(ROOT / "dxtrack").glob("**/templates")]
    return sorted(path for root in roots for path in root.rglob("*.html"))


def is_one_sentence(line: str) -> bool:
    """A line long only because it holds one sentence for the translators (a blocktranslate with
    its end tag, or a translate tag) with at most its indentation and element beside it."""
    sentences = BLOCKTRANSLATE.findall(line) or TRANSLATE.findall(line)
    rest = TRANSLATE.sub("", BLOCKTRANSLATE.sub("", line))
    return len(sentences) == 1 and len(rest) <= AROUND


def test_template_lines_hold_one_element_each():
    files = template_files()
    assert files, "no templates found"
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE and not is_one_sentence(line)
    ]
    assert not long_lines, "split these lines, one element per line:\n" + "\n".join(long_lines)


def test_a_long_line_passes_only_when_one_sentence_makes_it_long():
    long_text = "chữ " * 60
    cells = "<td>{{ x }}</td>" * 20
    assert is_one_sentence(
        "  <p>{% blocktranslate with n=x %}" + long_text + "{{ n }}{% endblocktranslate %}</p>"
    )
    assert is_one_sentence('<p>{% translate "' + long_text + '" %}</p>')
    assert not is_one_sentence(cells)
    assert not is_one_sentence('{% translate "Xem" %}' + cells)
    assert not is_one_sentence("{% blocktranslate %}Xem{% endblocktranslate %}" + cells)
    assert not is_one_sentence(('<th>{% translate "' + "chữ " * 30 + '" %}</th>') * 2)
    assert not is_one_sentence("{% blocktranslate %}" + long_text)
