"""Matching names written in documents to registry rows: units by alias, indicators by subject."""

import re
import unicodedata

from dxtrack.core.vn import fold
from dxtrack.registry.catalogue import unit_kind, words_beyond_province
from dxtrack.registry.models import Indicator, Unit

# Words that say nothing about what is measured; left out when comparing subjects.
SUBJECT_STOPWORDS = {
    "ty",
    "le",
    "so",
    "luong",
    "cac",
    "cua",
    "va",
    "tren",
    "dia",
    "ban",
    "tinh",
    "thai",
    "nguyen",
    "dat",
    "duoc",
    "tong",
    "nam",
    "den",
    "trong",
    "co",
    "la",
    "voi",
    "cho",
    "tai",
    "theo",
    "muc",
    "tieu",
    "nhung",
    "mot",
}


def name_key(name: str) -> str:
    """A unit name as matched: folded, without a trailing period or doubled spaces."""
    return " ".join(fold(name).replace("–", "-").split()).rstrip(". ")


class UnitResolver:
    """Finds the unit a document name means; one dictionary built once per load."""

    def __init__(self, units: list[Unit]):
        self._by_key: dict[str, Unit] = {}
        for unit in units:
            self.add(unit)

    @classmethod
    def build(cls) -> "UnitResolver":
        return cls(list(Unit.objects.all()))

    def add(self, unit: Unit) -> None:
        for name in [unit.name, unit.short_name, *(unit.aliases or [])]:
            if name:
                self._by_key.setdefault(name_key(name), unit)

    def resolve(self, name: str) -> Unit | None:
        key = name_key(name)
        if key in self._by_key:
            return self._by_key[key]
        # "tỉnh Bắc Kạn (trước hợp nhất)": a remark in brackets does not change who it is.
        key = re.sub(r"\s*\([^)]*\)\s*", " ", key).strip()
        if key in self._by_key:
            return self._by_key[key]
        # "Sở Y tế tỉnh Thái Nguyên", "UBND tỉnh Thái Nguyên": try without the place suffix.
        trimmed = re.sub(r"\s+(tinh|thanh pho)\s+thai nguyen$", "", key)
        if trimmed in self._by_key:
            return self._by_key[trimmed]
        return self._by_name_prefix(key)

    def _by_name_prefix(self, key: str) -> Unit | None:
        """A cell that runs on after the agency ("Sở Khoa học và Công nghệ thực hiện theo quy
        định"): the longest known name of three words or more that the text starts with."""
        words = key.split()
        for size in range(len(words) - 1, 2, -1):
            unit = self._by_key.get(" ".join(words[:size]))
            if unit is not None and unit.kind != Unit.Kind.COLLECTIVE:
                return unit
        return None


def unit_current(unit: Unit, on=None) -> list[Unit]:
    """Today's units for a name that may be historic (follows successors, a merge or a split)."""
    seen, frontier, current = set(), [unit], []
    while frontier:
        item = frontier.pop(0)
        if item.pk in seen:
            continue
        seen.add(item.pk)
        successors = list(item.successors.all())
        if item.is_current(on) or not successors:
            current.append(item)
        else:
            frontier.extend(successors)
    return current


def subject_tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {w for w in words if w not in SUBJECT_STOPWORDS and len(w) > 1}


# Tone marks (huyền, sắc, hỏi, ngã, nặng): dropped to compare words; the vowel's own marks (ă,
# â, ê, ô, ơ, ư) stay, so "sắn" (cassava) is not "sản" (product) as it is once folded.
TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", (text or "").casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


# Words that say how a thing is counted, sized or placed in the sentence, not which thing:
# "Sản lượng dứa" and "Sản phẩm dứa" are one thing; "Sản phẩm Xoài" and "Sản phẩm trái cây"
# are two.
MEASURE_WORDS = frozenset(
    toneless(
        """tỷ tỉ lệ số lượng sản phẩm tổng giá trị tốc độ tăng giảm bình quân hằng hàng mỗi năm
        các của và trên toàn địa bàn được đạt đến trong có là với cho tại theo mục tiêu những
        một khoảng dự kiến phấn đấu ít nhất tối thiểu đa đã còn"""
    ).split()
)


def distinct_words(text: str) -> set[str]:
    """A subject's words that name the thing itself, tone marks dropped, vowel marks kept."""
    words = re.findall(r"\w+", toneless(text))
    return {w for w in words if w not in MEASURE_WORDS and len(w) > 1 and not w.isdigit()}


def name_different_things(first: str, second: str) -> bool:
    """Each subject has a word of its own the other lacks ("Xoài" / "trái cây", "cấp tỉnh" /
    "cấp huyện"): two things, however many words they share. One only adding words to the
    other ("Chanh leo" / "Sản lượng chanh leo tham gia xuất khẩu") may be the same thing."""
    a, b = distinct_words(first), distinct_words(second)
    return bool(a - b) and bool(b - a)


def indicator_match(
    subject: str, unit: str, indicators: list[Indicator], threshold: float = 0.6
) -> Indicator | None:
    """The indicator of the same unit whose subject shares most words (Jaccard ≥ threshold),
    never one whose name names a different thing (`name_different_things`), nor one measured
    at another level: the country's or the world's ("… (thế giới)") is not the province's."""
    wanted = subject_tokens(subject)
    if not wanted:
        return None
    beyond = words_beyond_province(subject)
    best, best_score = None, threshold
    for indicator in indicators:
        if unit_kind(indicator.unit) != unit_kind(unit) or (
            unit_kind(unit) == "count" and fold(indicator.unit) != fold(unit)
        ):
            continue
        have = subject_tokens(indicator.name)
        if not have or name_different_things(subject, indicator.name):
            continue
        if words_beyond_province(indicator.name) != beyond:
            continue
        score = len(wanted & have) / len(wanted | have)
        if score >= best_score:
            best, best_score = indicator, score
    return best
