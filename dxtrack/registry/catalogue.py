"""The shared indicator catalogue (data/indicators.json): names a measure or a result by its words.

A target of one plan and a result reported by another are the same indicator only if something
says so; subject similarity alone links "hồ sơ công việc cấp tỉnh" to "cấp huyện". The catalogue
is that something: the national digital-transformation indicators, each with word patterns.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dxtrack.core.vn import fold, slugify_vi
from dxtrack.docimport.document import central_issuer

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "data" / "indicators.json"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str
    patterns: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...] = ()
    scoped: bool = False

    def score(self, context: str) -> int:
        """Characters of the longest pattern found whole in the (folded) context; 0 if none.

        Phrases match whole words only ("so" is not the start of "soan"). A generic phrase
        ("đơn vị hành chính cấp xã") never names an indicator alone: each pattern pairs it
        with a word of the indicator's own (data/indicators.json)."""
        if any(has_phrase(context, word) for word in self.exclude):
            return 0
        found = [sum(map(len, p)) for p in self.patterns if all(has_phrase(context, w) for w in p)]
        return max(found, default=0)

    def code_for_scope(self, scope: str) -> str:
        return f"{self.code}--{slugify_vi(scope)}" if self.scoped and scope else self.code

    def name_for_scope(self, scope: str) -> str:
        return f"{self.name} ({scope})" if self.scoped and scope else self.name


def has_phrase(context: str, phrase: str) -> bool:
    """The folded phrase occurs in the folded context as whole words ("pii" not in "spiii")."""
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", context) is not None


def unit_kind(unit: str) -> str:
    """%, %/năm, index, rank, điểm… stay themselves; any counted noun is a count."""
    u = " ".join((unit or "").lower().split())
    named = {
        "%",
        "%/năm",
        "index",
        "rank",
        "mbps",
        "gbps",
        "mw",
        "racks",
        "điểm",
        "thuê bao/100 dân",
        "người/vạn dân",
    }
    return u if u in named else "count"


def counts_what_it_names(entry: CatalogueEntry, unit: str) -> bool:
    """A count entry counts the thing its name says: "05 dự án … đô thị thông minh" counts
    projects, not smart cities ("Số đô thị thông minh"). A bare or absent unit says nothing."""
    if unit_kind(entry.unit) != "count" or not fold(unit or "").strip():
        return True
    return has_phrase(fold(entry.name), fold(unit).strip())


# The catalogue's indicators are measured for a province (its DTI rank among the provinces, its
# digital firms). A statement about the country or the world is measured by national and
# international bodies: never scored with the province's data.
# Scopes (the extractor's `scope`) that are the country or beyond it, folded.
BEYOND_PROVINCE_SCOPES = (
    "ca nuoc",
    "toan quoc",
    "viet nam",
    "quoc gia",
    "the gioi",
    "toan cau",
    "quoc te",
    "khu vuc",
    "dong nam a",
    "asean",
    "chau a",
)
# Words of a statement's subject or lead that rank or compare the country among countries.
# Not "cả nước" alone: a province "dẫn đầu cả nước" is ranked among the provinces.
BEYOND_PROVINCE_WORDS = (
    "the gioi",
    "toan cau",
    "dong nam a",
    "asean",
    "chau a",
    "cac nuoc",
    "nuoc dan dau",
    "nuoc tien tien",
    "xep hang khu vuc",
)
# "(Việt Nam) thuộc nhóm 30 nước …", "… trong nhóm 3 nước": a group of countries.
_COUNTRY_GROUP = re.compile(r"(?<![a-z0-9])(?:nhom|top) \d+ (?:quoc gia|nuoc)(?![a-z0-9])")
_COUNTRY_SUBJECT = re.compile(r"^\W*viet nam(?![a-z0-9])")
# Words that show a country-wide scope is the field a province is ranked in ("tỉnh … cả nước").
_PROVINCE_WORDS = ("tinh", "thanh pho")


def scope_beyond_province(scope: str, said: str = "") -> bool:
    """The extractor's scope is the country or the world ("thế giới", "Đông Nam Á", "cả nước"),
    unless the words say a province is ranked in it ("nhóm 10 tỉnh dẫn đầu cả nước")."""
    folded = fold(scope or "").strip()
    if not any(has_phrase(folded, s) for s in BEYOND_PROVINCE_SCOPES):
        return False
    country_wide = folded in ("ca nuoc", "toan quoc")
    return not (country_wide and any(has_phrase(fold(said), w) for w in _PROVINCE_WORDS))


def words_beyond_province(text: str) -> bool:
    """The words rank or compare the country among countries ("30 nước dẫn đầu thế giới",
    "ngang tầm các nước tiên tiến") or open with the country as their subject."""
    folded = fold(text or "")
    return (
        any(has_phrase(folded, w) for w in BEYOND_PROVINCE_WORDS)
        or _COUNTRY_GROUP.search(folded) is not None
        or _COUNTRY_SUBJECT.search(folded) is not None
    )


def measure_beyond_province(measure: dict[str, Any], record: dict[str, Any]) -> bool:
    """A target about the country or the world: its scope or place says so, or its subject or
    the words its statement opens with (before the first figure). Not the whole statement: a
    province's list may name "doanh nghiệp hàng đầu thế giới" beside its own rates."""
    said = f"{statement_lead(record.get('text') or '')} {measure.get('subject') or ''}"
    return (
        scope_beyond_province(measure.get("scope") or "", said)
        or scope_beyond_province(measure.get("place") or record.get("place") or "", said)
        or words_beyond_province(said)
    )


def measure_texts(
    measure: dict[str, Any],
    record: dict[str, Any],
    measures: list[dict[str, Any]],
    issuer: str | None = None,
) -> list[str]:
    """Texts that say what a target's measure measures, most specific first.

    None for a target about the country or the world, or of a central body's program
    (`measure_beyond_province`, `central_issuer`): no catalogue indicator measured for a
    province speaks for it, and it gets its own indicator, named from its words.

    The whole statement speaks for a measure only when no other measure of the statement could
    be meant (same unit kind and year): "100% trường đại học (2024); 100% khu dân cư (2025)".
    When several could, only the statement's lead goes with the measure's subject: in "Hạ tầng
    cáp quang phủ 100% đơn vị hành chính cấp xã, trên 80% hộ gia đình" the words before the
    first figure say what every measure of the list is about.
    """
    if central_issuer(issuer) or measure_beyond_province(measure, record):
        return []
    subject = measure.get("subject") or ""
    texts = [subject]
    same = [
        m
        for m in measures
        if unit_kind(m.get("unit") or "") == unit_kind(measure.get("unit") or "")
        and m.get("year") == measure.get("year")
    ]
    if len(same) == 1:
        texts.append(record.get("text") or "")
    else:
        lead = statement_lead(record.get("text") or "")
        if lead and subject:
            texts.append(f"{lead} {subject}")
    return texts


def statement_lead(text: str) -> str:
    """A statement's words before its first figure ("" when it starts with one)."""
    found = re.search(r"\d", text)
    return text[: found.start()].strip() if found else ""


@lru_cache(maxsize=4)
def load_catalogue(path: str = str(CATALOGUE_PATH)) -> tuple[CatalogueEntry, ...]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["indicators"]
    return tuple(
        CatalogueEntry(
            code=row["code"],
            name=row["name"],
            unit=row["unit"],
            patterns=tuple(tuple(fold(w) for w in p) for p in row["patterns"]),
            exclude=tuple(fold(w) for w in row.get("exclude", [])),
            scoped=bool(row.get("scoped")),
        )
        for row in rows
    )


def catalogue_match(
    texts: list[str],
    unit: str,
    entries: tuple[CatalogueEntry, ...] | None = None,
    *,
    issuer: str | None = None,
) -> CatalogueEntry | None:
    """The entry of the same unit kind whose pattern the first text that has one matches best.

    None for a central body's program or when the most specific text (the subject) is about
    the country or the world: the catalogue's indicators are measured for a province."""
    if central_issuer(issuer) or (texts and words_beyond_province(texts[0])):
        return None
    kind = unit_kind(unit)
    candidates = [
        e
        for e in (entries or load_catalogue())
        if unit_kind(e.unit) == kind and counts_what_it_names(e, unit)
    ]
    for text in texts:
        context = fold(text or "")
        if not context:
            continue
        scored = [(entry.score(context), entry) for entry in candidates]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        if best[0]:
            return best[1]
    return None


# Words of a catalogue name that say where, at which level, of whom or how it is counted, not
# what: "đơn vị hành chính cấp xã", "người dân", "tỷ lệ". A sentence sharing only these with
# a name is about something else ("xã không ma túy" is not "xã có cáp quang").
_GENERIC_NAME_TEXT = """ty le so luong tong cac cua va tren dia ban tinh thanh pho huyen xa
    phuong thi tran cap don vi hanh chinh nguoi dan doanh nghiep co duoc trong voi cho tai theo
    la nam hang moi dat thuc hien toan"""
GENERIC_NAME_WORDS = frozenset(_GENERIC_NAME_TEXT.split())


# Abbreviations plans write for a catalogue name's words.
ABBREVIATIONS = {
    "csdl": "co so du lieu",
    "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "dvc": "dich vu cong",
    "tthc": "thu tuc hanh chinh",
}


def name_words(text: str) -> set[str]:
    """The folded words of a text that can say what is measured (generic words left out)."""
    folded = fold(text or "")
    for short, words in ABBREVIATIONS.items():
        folded = re.sub(rf"(?<![a-z0-9]){re.escape(short)}(?![a-z0-9])", words, folded)
    return {w for w in re.findall(r"[a-z0-9]+", folded) if w not in GENERIC_NAME_WORDS}


def catalogue_fit(name: str, text: str) -> float:
    """How much of a catalogue name's own words the text has (0..1); 1 when the name has none."""
    wanted = name_words(name)
    if not wanted:
        return 1.0
    return len(wanted & name_words(text)) / len(wanted)


# Below this share of its own words in the measure's words, a catalogue match is put to the
# reviewer (the badge) instead of being taken as settled.
CATALOGUE_FIT_MIN = 0.5


def catalogue_match_questioned(name: str, subject: str, sentence: str = "") -> bool:
    """A catalogue indicator whose name shares little with what the target says it measures:
    its subject with the words its sentence opens with before the first figure (what a list's
    measures share, `statement_lead`); the sentence when there is no subject. Not the whole
    sentence: a statement lists several things and the catalogue words may be another's."""
    said = f"{statement_lead(sentence)} {subject}" if subject else sentence
    return catalogue_fit(name, said) < CATALOGUE_FIT_MIN
