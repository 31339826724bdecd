"""The English pages hold no Vietnamese text of the catalogue: each persona walks their main pages
with the language cookie set to "en", and no msgid of dxtrack/locale/en (a Vietnamese sentence
of the interface) may show untranslated. The catalogue itself has no fuzzy or empty entry, keeps
every placeholder, and the compiled .mo matches the .po (compilemessages was run)."""

from __future__ import annotations

import copy
import gettext
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dxtrack.core.models import AuditLog
from dxtrack.core.templatetags.vn import quarters_vi
from dxtrack.evaluation.compute import today
from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.opendata import selectors as opendata
from dxtrack.outputs import services as outputs
from dxtrack.outputs.models import Report
from dxtrack.registry import audit_sentences
from dxtrack.registry import services as registry
from dxtrack.registry.models import Goal, Indicator, Program, Target, Task, Unit
from dxtrack.reporting import services as reporting
from dxtrack.reporting.jobs import round_job_enqueue
from tests.helpers import (
    SAMPLE_PLAN,
    Setup,
    accepted_value,
    indicator_target,
    page_text,
    workspace_url,
)

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "dxtrack" / "locale" / "en" / "LC_MESSAGES"
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
#: Shorter pieces of text are too often data too (a unit's name, "Quý", "Năm 2026").
MIN_LENGTH = 12


# -- the catalogue, read without a new dependency ---------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1])


def po_entries(path: Path = LOCALE / "django.po") -> list[Entry]:
    """The catalogue's entries (not the header, not the obsolete "#~" ones)."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        if not line.strip():
            if entry.msgid or entry.msgstr:
                entries.append(entry)
            entry, target = Entry(), None
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"django.po:{number}"
            if target == "msgstr":
                entry.msgstr[-1] += _unquote(line)
            else:
                setattr(entry, target, getattr(entry, target) + _unquote(line))
        else:
            keyword, text = line.split(" ", 1)
            entry.line = entry.line or number
            if keyword.startswith("msgstr"):
                entry.msgstr.append(_unquote(text))
                target = "msgstr"
            else:
                target = keyword
                setattr(entry, keyword, _unquote(text))
    return [e for e in entries if e.msgid]  # the header's msgid is ""


def _label(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid!r}"


def test_the_catalogue_has_no_fuzzy_or_empty_entry_and_keeps_every_placeholder():
    entries = po_entries()
    assert len(entries) > 1000
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    empty = [_label(e) for e in entries if not e.msgstr or not all(e.msgstr)]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)
    assert not empty, "untranslated entries:\n" + "\n".join(empty)
    wrong = []
    for e in entries:
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        for text in e.msgstr:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{_label(e)} → {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)
    plural = [_label(e) for e in entries if e.msgid_plural and len(e.msgstr) != 2]
    assert not plural, "English has two plural forms:\n" + "\n".join(plural)


def test_the_compiled_catalogue_is_the_po_file():
    """The .mo the server reads says what the .po says (compilemessages was run after editing)."""
    with (LOCALE / "django.mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = []
    for e in po_entries():
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural:
            got = [mo.ngettext(key, e.msgid_plural, 1), mo.ngettext(key, e.msgid_plural, 2)]
        else:
            got = [mo.gettext(key)]
        if got != e.msgstr:
            stale.append(f"{_label(e)}: .mo {got!r}, .po {e.msgstr!r}")
    assert not stale, "run compilemessages:\n" + "\n".join(stale[:20])


# -- the pages --------------------------------------------------------------------------------


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html.unescape(text))
    return re.sub(r"\s+", " ", text).strip()


def vietnamese_pieces() -> list[tuple[str, str]]:
    """(piece, msgid): each part of a Vietnamese msgid between its placeholders that is long
    enough not to be data."""
    pieces = []
    for e in po_entries():
        for msgid in filter(None, (e.msgid, e.msgid_plural)):
            for piece in PLACEHOLDER.split(msgid.replace("%%", "%")):
                piece = _plain(piece).strip(" .,:;()—-")
                if len(piece) > MIN_LENGTH and VIETNAMESE.search(piece):
                    pieces.append((piece, msgid))
    return pieces


class _Reader(HTMLParser):
    """A page's visible text and its labels (aria-label, title, placeholder, alt), without
    scripts, styles and what is marked lang="vi" (the official report's text, the "Tiếng Việt"
    button)."""

    SKIP = {"script", "style", "template"}
    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping: list[list] = []  # [tag, depth]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if self.skipping and self.skipping[-1][0] == tag:
            self.skipping[-1][1] += 1
        elif tag in self.SKIP or (values.get("lang") == "vi" and tag != "html"):
            self.skipping.append([tag, 1])
        if not self.skipping:
            self.chunks += [values[a] or "" for a in self.ATTRIBUTES if a in values]

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1][0] == tag:
            self.skipping[-1][1] -= 1
            if not self.skipping[-1][1]:
                self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def _chunk(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,:;()—-")


def english_text(page: str) -> str:
    reader = _Reader()
    reader.feed(page)
    return re.sub(r"\s+", " ", " ".join(reader.chunks))


def page_chunks(page: str) -> set[str]:
    """Each text node and label of the page on its own."""
    reader = _Reader()
    reader.feed(page)
    return {_chunk(c) for c in reader.chunks}


def data_text() -> tuple[set[str], str]:
    """The registry's and the reports' own words (names, titles, plan text): Vietnamese data that
    may quote the interface's words. Returns the exact names and all of it as one text."""
    names = {
        _chunk(n)
        for model in (Unit, Indicator)
        for n in model.objects.values_list("name", flat=True)
    }
    texts = [
        *Program.objects.values_list("title", flat=True),
        *Goal.objects.values_list("text", flat=True),
        *Goal.objects.values_list("section", flat=True),
        *Target.objects.values_list("subject", flat=True),
        *Task.objects.values_list("name", flat=True),
        *Task.objects.values_list("group", flat=True),
        *Task.objects.values_list("product", flat=True),
        *Report.objects.values_list("title", flat=True),
    ]
    return names, "\n".join([*names, *texts])


def untranslated(
    page: str, pieces: list[tuple[str, str]], data: tuple[set[str], str] = (set(), "")
) -> list[str]:
    """The msgids whose Vietnamese shows on the page. A msgid that is exactly a unit's or an
    indicator's name is data; one that data quote (a plan's sentence containing "Chuyển đổi số
    tỉnh Thái Nguyên") counts only as a whole text node or label of its own."""
    names, quoted = data
    text, chunks = english_text(page), page_chunks(page)
    found = set()
    for piece, msgid in pieces:
        if piece in names or piece not in text:
            continue
        if piece in quoted and piece not in chunks:
            continue
        found.add(msgid)
    return sorted(found)


@pytest.fixture
def world(personas):
    """An open round (Setup), a value awaiting approval and one accepted, a queued round request, the
    coordinator's draft report and an imported draft program to review."""
    setup = Setup(personas)
    reporting.observation_save(  # awaits Sở Y tế's approver
        acting_user=personas.reporter_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    sent = reporting.observation_save(
        acting_user=personas.reporter_commune, assignment=setup.c_percent, value="10", submit=True
    )
    reporting.item_transition(
        acting_user=personas.coordinator, item=sent, transition="accept", version=sent.version
    )
    job = round_job_enqueue(
        acting_user=personas.coordinator,
        programs=[setup.program],
        period="2027Q1",
        working_days=5,
    )
    report = outputs.report_create(
        actor=personas.coordinator, kind="quarter", period="2026Q3", as_of=today()
    )
    draft = registry.program_load_extraction(
        data=copy.deepcopy(SAMPLE_PLAN),
        source_text="ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\nSố: 99/KH-UBND\n",
        source_name="kh-99.md",
    ).program
    target = Target.objects.filter(program=setup.program).order_by("pk").first()
    dataset = sorted(opendata.catalog().datasets)[0]
    return {
        "program": setup.program.pk,
        "indicator": setup.percent.pk,
        "target": target.pk,
        "round": setup.round.pk,
        "job": job.pk,
        "report": report.pk,
        "draft": draft.pk,
        "dataset": dataset,
        "workspace": workspace_url(setup),
        "value": f"{workspace_url(setup)}chi-so/{setup.percent.pk}/",
        "task": f"{workspace_url(setup)}nhiem-vu/{setup.task.pk}/",
        "commune_task": f"{workspace_url(setup, setup.commune.code)}nhiem-vu/{setup.task2.pk}/",
        "commune_workspace": workspace_url(setup, setup.commune.code),
    }


PUBLIC = [
    "/",
    "/tong-quan/",
    "/tong-quan/chuong-trinh/{program}/",
    "/chuong-trinh/{program}/",
    "/tong-quan/chi-so/{indicator}/",
    "/chi-tieu/{target}/",
    "/tong-quan/xep-hang/",
    "/tong-quan/xep-hang/?group=commune",
    "/tong-quan/don-vi/so-y-te/",
    "/don-vi/so-y-te/",
    "/don-vi/",
    "/du-lieu-mo/",
    "/du-lieu-mo/{dataset}/",
    "/du-lieu-mo/cach-tinh/",
    "/api/v1/docs/",
    "/dang-nhap/",
]
PAGES = {
    "anonymous": PUBLIC,
    "coordinator": [
        "/tong-quan/viec-cua-toi/",
        "/tong-quan/",
        "/tong-quan/chi-so/{indicator}/",
        "/tong-quan/chi-so/{indicator}/nhap-so-lieu/",
        "/chi-tieu/{target}/",
        "/bao-cao/",
        "/bao-cao/ky/moi/",
        "/bao-cao/ky/{round}/",
        "/bao-cao/ky/tao/{job}/",
        "/bao-cao/ky/{round}/tinh-hinh/tien-do/",
        "/bao-cao/ky/{round}/tinh-hinh/duyet/",
        "{workspace}",
        "/nhat-ky/",
        "/bao-cao-tong-hop/",
        "/bao-cao-tong-hop/{report}/",
        "/chuong-trinh/nhap-van-ban/",
        "/chuong-trinh/{draft}/ra-soat/",
        "/chuong-trinh/{draft}/ra-soat/van-ban/",
        "/chuong-trinh/{draft}/ra-soat/co-quan/",
        "/chuong-trinh/{draft}/ra-soat/cong-bo/",
        "/chuong-trinh/{program}/ra-soat/dieu-chinh/",
        "/chi-so/{indicator}/trach-nhiem/",
        "/bao-cao/quy-tac/",
        "/tim-kiem/?q=y+t%E1%BA%BF",
        "/du-lieu-mo/",
    ],
    "leader": [
        "/tong-quan/viec-cua-toi/",
        "/tong-quan/",
        "/tong-quan/xep-hang/",
        "/bao-cao-tong-hop/",
        "/nhat-ky/",
        "/bao-cao/ky/{round}/",
    ],
    "reporter_soyte": ["/tong-quan/viec-cua-toi/", "{workspace}", "{value}", "{task}", "/bao-cao/"],
    "approver_soyte": ["/tong-quan/viec-cua-toi/", "{workspace}", "{value}"],
    "reporter_commune": ["/tong-quan/viec-cua-toi/", "{commune_workspace}", "{commune_task}"],
}


@pytest.mark.parametrize("persona", list(PAGES))
def test_every_main_page_of_the_persona_reads_in_english(persona, personas, client_as, world):
    client = client_as(None if persona == "anonymous" else getattr(personas, persona))
    pieces, data = vietnamese_pieces(), data_text()
    failures = []
    for pattern in PAGES[persona]:
        url = pattern.format(**world)
        page = page_text(client, url, english=True)
        assert '<html lang="en">' in page, url
        found = untranslated(page, pieces, data)
        if found:
            failures.append(f"{url}:\n    " + "\n    ".join(found))
    assert not failures, f"Vietnamese of the catalogue on {persona}'s English pages:\n" + (
        "\n".join(failures)
    )


def test_the_check_sees_a_vietnamese_sentence_left_on_an_english_page(personas, client_as, world):
    """The same pages without the cookie are full of catalogue msgids: the check can fail."""
    client = client_as(personas.coordinator)
    page = page_text(client, "/tong-quan/viec-cua-toi/", english=False)
    found = untranslated(page, vietnamese_pieces(), data_text())
    assert "Bỏ qua, đến nội dung chính" in found
    # Plans quote the site's title, so it counts as a text node of its own: the header's.
    assert "Chuyển đổi số tỉnh Thái Nguyên" in found
    assert "Việc của tôi" not in found  # too short to be told from data


def test_the_reader_skips_what_is_marked_vietnamese_and_reads_labels():
    page = (
        '<main><p lang="vi">Nơi nhận: <b>Sở Y tế</b></p><script>var a = "Đăng nhập";</script>'
        '<button aria-label="Lọc nhật ký thay đổi">Filter</button><p>Shown</p></main>'
    )
    assert english_text(page).split() == ["Lọc", "nhật", "ký", "thay", "đổi", "Filter", "Shown"]


# -- sentences built in Python ------------------------------------------------------------------


def test_the_audit_log_reads_in_english(personas, client_as, world):
    """Audit sentences are built from words (actor, verb, object, unit, period): each word is
    translated, the period reads "Q4 2026" and the numbers use a decimal point."""
    row = AuditLog.objects.filter(action="observation.accept").latest("pk")
    client = client_as(personas.coordinator)
    en = page_text(client, "/nhat-ky/?object=observation", english=True)
    vi = page_text(client, "/nhat-ky/?object=observation", english=False)
    assert "coordinator-t accepted value «" in en
    assert "(Q4 2026)" in en and "(Quý IV năm 2026)" not in en
    assert "coordinator-t đã chấp nhận số liệu «" in vi and "(Quý IV năm 2026)" in vi
    assert f'data-action="{row.action}"' in en
    assert ">Value<" in en or "Value</option>" in en  # the object filter's choice


def test_the_audit_change_words_follow_the_language():
    with translation.override("en"):
        assert audit_sentences.change_words({"value": 45.5}, {"value": 47}) == ["value: 45.5 → 47"]
        many = dict.fromkeys(("value", "note", "status", "name", "title"), 1)
        assert audit_sentences.change_words({}, many)[-1] == "and 2 other changes"
        assert audit_sentences.value_words(True) == "yes"
        assert audit_sentences.value_words("2026Q4", "period") == "Q4 2026"
    with translation.override("vi"):
        assert audit_sentences.change_words({"value": 45.5}, {"value": 47}) == [
            "giá trị: 45,5 → 47"
        ]
        assert audit_sentences.value_words("2026Q4", "period") == "Quý IV năm 2026"


def test_a_queued_round_names_its_period_in_the_pages_language(personas, client_as, world):
    client = client_as(personas.coordinator)
    en = page_text(client, "/bao-cao/ky/tao/{job}/".format(**world), english=True)
    vi = page_text(client, "/bao-cao/ky/tao/{job}/".format(**world), english=False)
    assert "Q1 2027" in en and "Quý I năm 2027" not in en
    assert "Quý I năm 2027" in vi


def test_the_overview_open_data_and_report_form_name_the_pillars_in_english(
    personas, client_as, world
):
    client = client_as(None)
    en = page_text(client, "/tong-quan/", english=True)
    vi = page_text(client, "/tong-quan/", english=False)
    assert '<th scope="row">Digital government</th>' in en
    assert '"labels": ["Digital government", "Digital economy"' in en  # the chart's data
    assert "Chính quyền số" not in en and '<th scope="row">Chính quyền số</th>' in vi
    datasets = page_text(client, "/du-lieu-mo/", english=True)
    assert ">Digital infrastructure</option>" in datasets and ">Hạ tầng số<" not in datasets
    form = page_text(client_as(personas.coordinator), "/bao-cao-tong-hop/", english=True)
    assert ">Digital infrastructure</option>" in form and ">Hạ tầng số<" not in form


def test_a_plans_quarters_read_the_english_way_on_english_pages():
    with translation.override("en"):
        assert quarters_vi("2025 - Quý II/2026") == "2025 - Q2 2026"
        assert quarters_vi("Quý IV, năm 2024") == "Q4 2024"
    with translation.override("vi"):
        assert quarters_vi("2025 - Quý II/2026") == "2025 - Quý II năm 2026"


def test_the_audit_log_names_the_system_and_each_object_in_english(personas, client_as, world):
    client = client_as(personas.coordinator)
    en = page_text(client, "/nhat-ky/?object=unit", english=True)
    text = english_text(en)
    assert re.search(r"\bsystem (created|automatically added) unit «", text), text[:2000]
    assert "hệ thống" not in text
    assert ">Unit</option>" in en


def test_a_report_refused_for_its_period_says_why_in_english(personas, client_as):
    """The report service's messages are translated: a quarterly report asked for a year."""
    client = client_as(personas.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {"kind": "quarter", "period": "2026", "scope": "province"}
    en = client.post("/bao-cao-tong-hop/", form)
    assert en.status_code == 400
    assert (
        "A quarterly report needs the matching period (for example Q3 2026, code 2026Q3), "
        "not Year 2026 (“2026”)."
    ) in html.unescape(en.content.decode())
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    vi = client.post("/bao-cao-tong-hop/", form)
    assert "cần kỳ tương ứng (ví dụ Quý III năm 2026, mã 2026Q3), không phải năm 2026" in (
        html.unescape(vi.content.decode())
    )


def test_an_aggregated_province_value_names_its_units_in_english(client_as):
    """The province series of an indicator summed over the units that reported: its source
    reads "Aggregated from 2 units (sum)" on the English page, as the Vietnamese page words it."""
    program = Program.objects.get(number="38/KH-UBND")
    target = indicator_target(
        program, "Số hồ sơ thử nghiệm tiếng Anh", aggregation="sum", value=500
    )
    for code, value in (("so-y-te", 120), ("so-tai-chinh", 80)):
        accepted_value(target.indicator, Unit.objects.get(code=code), "2025", value)
        accepted_value(target.indicator, Unit.objects.get(code=code), "2026Q2", value + 30)
    evaluation_recompute_all(as_of=today())
    url = f"/tong-quan/chi-so/{target.indicator.pk}/"
    en = page_text(client_as(None), url, english=True)
    vi = page_text(client_as(None), url, english=False)
    assert "Aggregated from 2 units (sum)" in en and "Tổng hợp từ" not in en
    assert "Tổng hợp từ 2 đơn vị (tổng)" in vi


@pytest.mark.parametrize(
    ("persona", "pattern", "status"),
    [
        ("reporter_taichinh", "{workspace}", 404),  # another department's officer
        ("reporter_commune", "/bao-cao-tong-hop/{report}/", 403),  # reports are not theirs
        ("reporter_soyte", "/chuong-trinh/{draft}/ra-soat/", 403),
        ("anonymous", "/du-lieu-mo/khong-co-bo-nay/", 404),
    ],
)
def test_a_refusal_reads_in_english(persona, pattern, status, personas, client_as, world):
    client = client_as(None if persona == "anonymous" else getattr(personas, persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(pattern.format(**world))
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="en">' in page
    found = untranslated(page, vietnamese_pieces(), data_text())
    assert not found, f"{pattern} ({persona}):\n" + "\n".join(found)


def test_the_rankings_title_names_the_group_and_period_in_english(client_as):
    client = client_as(None)
    en = page_text(client, "/tong-quan/xep-hang/?group=commune", english=True)
    vi = page_text(client, "/tong-quan/xep-hang/?group=commune", english=False)
    assert re.search(r"<h1>Ranking \(commune or ward\) — Q\d \d{4}</h1>", en), en[:3000]
    assert re.search(r"<h1>Xếp hạng xã, phường — Quý [IV]+ năm \d{4}</h1>", vi)


TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?[^%]*%\}""",
    re.DOTALL,
)


def test_every_translate_tag_of_the_templates_is_in_the_catalogue():
    """A page's fixed words come from the catalogue: a {% translate %} added to a template after
    the last `makemessages` would show in Vietnamese on the English pages. Fix: run
    `python -m django makemessages -l en -i node_modules -i .venv -i tests -i bench`, translate
    the new entries in dxtrack/locale/en/LC_MESSAGES/django.po, then compile it."""
    known = {(e.msgctxt, e.msgid) for e in po_entries()}
    root = Path(settings.BASE_DIR)
    files = [
        *(root / "templates").rglob("*.html"),
        *(root / "dxtrack").glob("**/templates/**/*.html"),
    ]
    missing = sorted(
        f"{path.relative_to(root)}: {m['text']!r}"
        + (f" (context {m['context']!r})" if m["context"] else "")
        for path in files
        for m in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8"))
        # makemessages writes a template's "%" as "%%" (the msgid is python-format)
        if VIETNAMESE.search(m["text"])
        and (m["context"], m["text"].replace("%", "%%")) not in known
    )
    assert len(files) > 50
    assert not missing, "not in the catalogue (run makemessages):\n" + "\n".join(missing)


def test_a_refused_plan_upload_says_why_in_english(personas, client_as):
    client = client_as(personas.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile("ke-hoach.exe", b"MZ\x90\x00")
    response = client.post("/chuong-trinh/nhap-van-ban/", {"document": upload})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "File ke-hoach.exe: only documents of type .docx, .pdf, .txt, .md are accepted." in page


def test_a_datasets_columns_are_explained_in_english(client_as):
    """The column descriptions (opendata.schema) are translated; the headers stay the files'
    Vietnamese headers, marked lang="vi"."""
    slug = next(s for s in sorted(opendata.catalog().datasets) if s.startswith("chi-so-"))
    client = client_as(None)
    en = page_text(client, f"/du-lieu-mo/{slug}/", english=True)
    vi = page_text(client, f"/du-lieu-mo/{slug}/", english=False)
    assert "<td>The accepted value.</td>" in en and "Giá trị đã được duyệt." not in en
    assert '<th scope="row" lang="vi">Giá trị</th>' in en
    assert "<td>Giá trị đã được duyệt.</td>" in vi
