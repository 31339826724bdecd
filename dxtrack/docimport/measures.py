"""Find the measurable values in one clause: numbers with their unit, comparator, "X/Y" whole,
rank ("xếp thứ 8/63") and "top N" ("thuộc nhóm 15 … dẫn đầu").

The scan works on a *masked* copy of the clause, the same length as the clause, in which
dates, document numbers, years, version numbers, list markers and names like "4G" or "Đề án 06"
are blanked out; so the number rules only ever see quantities. The rules, in order:
``RANK``, ``TOP``, then ``number`` (X/Y, range, named unit, percent, counted noun, index).
"""

import re
from dataclasses import dataclass
from functools import cache

from dxtrack.core.numbers import NUMBER, parse_number
from dxtrack.core.text import fold_keep_len, match_key

from . import vocab

N = rf"(?:{NUMBER})"


@dataclass
class Hit:
    start: int
    end: int
    value: float | int
    unit: str
    kind: str  # percent | named | count | rank | top | index
    of: float | int | None = None
    comparator: str | None = None


def _blank(s: str, a: int, b: int) -> str:
    return s[:a] + " " * (b - a) + s[b:]


_MASKS = [
    re.compile(r"(?<!\d)\d{1,2}\s*[-–]\s*\d{1,2}\s*/\s*(?:19|20)\d{2}(?!\d)"),  # tháng 11-12/2024
    re.compile(r"(?<!\d)\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}(?!\d)"),  # 31/12/2020
    re.compile(r"(?<![\d/])\d{1,2}\s*/\s*(?:19|20)\d{2}(?!\d)"),  # 6/2025
    re.compile(
        r"(?<!\d)\d+(?:/\d{4})?(?:/|-)(?=[A-ZĐ])[\wĐđ&.]*(?:[-/][\wĐđ&.]+)*"
    ),  # 01-NQ/TU, 36/2008/NĐ-CP
    re.compile(r"\(\s*(?:\d{1,2}|[ivxIVX]{1,4}|[a-zđ])\s*\)"),  # (1) (ii) (a)
    re.compile(r"(?<![\d.,])\d+\.\d(?![\d.,])"),  # 3.0, 4.0 (versions)
    re.compile(r"(?<![\w])[A-Za-zÀ-ỹ]+[\-]?\d+\w*"),  # IPv6, H5N1, i-Speed2
]

_YEAR_TOKEN = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d]|[.,]\d)")
_ALNUM = re.compile(r"(?<![\w.,])(\d+)([A-Za-zÀ-ỹ][\w/]*)")


_AGE = (
    re.compile(
        rf"(?:dưới|trên|từ|đến|đủ)\s+(?P<n>{N}(?:\s*(?:-|–|đến)\s*{N})?)(?:\s+tháng)?\s+tuổi\b",
        re.I,
    ),
    re.compile(rf"độ tuổi\s+(?:từ\s+)?(?P<n>{N}(?:\s*(?:-|–|đến)\s*{N})?)", re.I),
)


def _named_unit_at(folded: str, pos: int) -> tuple[str, int] | None:
    """A named unit starting at ``pos`` of the folded text (spaces allowed before it)."""
    j = pos
    while j < len(folded) and folded[j] == " ":
        j += 1
    if j - pos > 2:
        return None
    for key, unit in vocab.named_units():
        if folded.startswith(key, j):
            end = j + len(key)
            if end >= len(folded) or not folded[end].isalnum() or key == "%":
                return unit, end
    return None


def mask(clause: str) -> str:
    folded = fold_keep_len(clause)
    m = clause
    for rx in _MASKS:
        for hit in rx.finditer(clause):
            m = _blank(m, hit.start(), hit.end())
    # "4G", "3D": digits glued to letters that are not a unit ("10MW", "50Mbps", "01giờ/tuần" stay)
    for hit in _ALNUM.finditer(clause):
        if not _named_unit_at(folded, hit.start(2)):
            m = _blank(m, hit.start(), hit.end())
    # years, unless a unit or a counted noun follows ("2000 tỷ" is money, "2019 do Bộ…" is a year)
    for hit in _YEAR_TOKEN.finditer(m):
        after = folded[hit.end() :]
        if _named_unit_at(folded, hit.end()) or _count_noun(clause, hit.end()):
            before = match_key(clause[max(0, hit.start() - 12) : hit.start()])
            if not re.search(r"(nam|doan|ky|den|tu|khoa)\s*$|(?:19|20)\d{2}\s*-\s*$", before):
                continue
        m = _blank(m, hit.start(), hit.end())
        del after
    # an age that says who is counted ("trẻ em dưới 5 tuổi suy dinh dưỡng", "người từ 60 tuổi trở
    # lên", "phụ nữ từ 15 - 49 tuổi") is no quantity; an age reached ("tuổi thọ đạt 75 tuổi") is
    for rx in _AGE:
        for hit in rx.finditer(clause):
            if not re.search(r"(?:đạt|là|khoảng|ở mức)\s*$", clause[: hit.start()], re.I):
                m = _blank(m, hit.start("n"), hit.end("n"))
    # names before a number: Đề án 06, mức độ 4, tổng đài 1022, Điều 8
    names, not_names = _name_patterns()
    for hit in _NUMBER.finditer(m):
        before = " ".join(clause[max(0, hit.start() - 30) : hit.start()].lower().split())
        if names.search(before) and not not_names.search(before):
            m = _blank(m, hit.start(), hit.end())
    # a bare 3-4 digit integer right after a capitalised name is part of the name
    # ("Hệ thống thông tin 1022", "Khu di tích lịch sử 915"); "có 1650 điểm" is a quantity
    lead_words = set(vocab.lower_list("units", "quantity_lead_words"))
    for hit in re.finditer(r"(?<![\d.,])\d{3,4}(?![\d.,])", m):
        if _named_unit_at(folded, hit.end()) or re.match(
            r"\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)\b", clause[hit.end() :], re.I
        ):
            continue
        words = clause[max(0, hit.start() - 40) : hit.start()].split()
        if (
            not words
            or words[-1].lower() in lead_words
            or " ".join(words[-2:]).lower() in lead_words  # "tối thiểu 200", "ít nhất 500"
            or not words[-1][:1].islower()
        ):
            continue
        if any(w[:1].isupper() for w in words[-4:-1]):
            m = _blank(m, hit.start(), hit.end())
    # a programme named in the text, capitalised mid-sentence ("triển khai Chương trình đào tạo
    # 50.000 kỹ sư bán dẫn"): its number is part of its name, no result and no goal of the text
    for hit in _PROGRAMME_NAME.finditer(clause):
        m = _blank(m, hit.start("n"), hit.end("n"))
    return m


_PROGRAMME_NAME = re.compile(
    r"(?<=[a-zà-ỹđ,]\s)(?:Chương trình|Đề án|Dự án)(?:\s+[a-zà-ỹđ]+){1,4}\s+"
    r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\d,%])"
)


_NUMBER = re.compile(N)


@cache
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words that, right before a number, make it a name ("Đề án 06", "mức độ 4") or the size of
    a whole ("cả 3"), as whole words ending the text; and the verbs that merely end in one."""
    names = vocab.lower_list("units", "names_before_number") + vocab.lower_list(
        "units", "all_of_words"
    )
    not_names = vocab.lower_list("units", "not_names_before_number")
    return (
        re.compile(rf"(?:^| )(?:{'|'.join(map(re.escape, names))})$"),
        re.compile(rf"(?:{'|'.join(map(re.escape, not_names))})$"),
    )


def _count_noun(clause: str, pos: int) -> str | None:
    """The counted noun after a number ("700 doanh nghiệp số" → "doanh nghiệp số"), or None."""
    rest = clause[pos:]
    if not rest[:1].isspace():
        return None
    low = " ".join(rest[:60].lower().split())
    for c in vocab.lower_list("units", "count_compounds"):
        if low.startswith(c) and (len(low) == len(c) or not low[len(c)].isalnum()):
            return " ".join(rest.split()[: len(c.split())])
    words: list[str] = re.findall(r"\S+", rest[:60])
    stop = set(vocab.lower_list("units", "not_count_words"))
    rate = _rate_noun(rest, stop)
    if rate:
        return rate
    known = _known_noun(" ".join(rest[:60].split()))
    if known:
        return known
    # "02 Thông tư", "07 Công văn": a capitalised noun after a count written with a leading zero;
    # "21 NHTM", "8/12 CSDL": an acronym
    head = re.search(r"(\d+)\D*$", clause[:pos])
    zero_led = bool(head and len(head.group(1)) >= 2 and head.group(1).startswith("0"))
    # "cấp mới ít nhất 10 Giấy chứng nhận": after a minimum the capitalised noun is what is counted
    zero_led = zero_led or bool(
        re.search(r"(?:ít nhất|tối thiểu|không dưới|không ít hơn)\s+[\d.,]+$", clause[:pos], re.I)
    )
    out: list[str] = []
    for k, w in enumerate(words[:3]):
        core = w.strip(_PUNCT)
        if not core or not core[0].isalpha():
            break
        acronym = len(core) >= 2 and core.isupper() and core.isalpha()
        if k == 0 and acronym:
            return core
        if not core[0].islower() and not (k == 0 and zero_led):
            break
        if len(out) == 2 and out[0][0].isupper():
            break  # "02 Thông tư về …": a capitalised noun is two words at most
        if core.lower() in stop:
            break
        out.append(core)
        if core != w:
            break
    one_syllable = set(vocab.lower_list("units", "one_syllable_nouns"))
    if (
        len(out) == 3
        and len(words) > 3
        and _goes_on(words[3], stop)
        and out[0].lower() not in one_syllable
    ):
        # "công trình xây dựng …": three words of a longer phrase end inside a two-syllable word;
        # a counted noun is a two-syllable word, or one syllable and a two-syllable word after it
        out = out[:2]
    return " ".join(out) if out else None


_PUNCT = ",.;:()“”\"'!?*⁰¹²³⁴⁵⁶⁷⁸⁹"


def _goes_on(word: str, stop: set[str]) -> bool:
    """Whether ``word`` carries on the noun phrase before it (a lower-case word, no stop word)."""
    core = word.strip(_PUNCT)
    return bool(core) and core == word.rstrip(_PUNCT) and core[0].islower() and core not in stop


@cache
def _counted_nouns() -> re.Pattern[str]:
    known = "|".join(re.escape(w) for w in vocab.lower_list("units", "counted_nouns"))
    return re.compile(rf"(?:{known})(?![\w])(?:, (?:{known})(?![\w]))*")


def _known_noun(text: str) -> str | None:
    """The known counted noun ``text`` (spaces collapsed) starts with, longest first, with the
    known nouns listed after it by commas ("tổ chức, doanh nghiệp"; "công trình, Thành phố …"
    lists no noun: a capital opens a name)."""
    m = _counted_nouns().match(text[:1].lower() + text[1:])
    return text[: m.end()] if m else None


# "18 ca sinh/1.000 phụ nữ", "107 trẻ sơ sinh trai/100 trẻ sơ sinh gái": a rate is counted in its
# noun over its denominator, both kept whole (the noun may be longer than a count's three words)
_RATE = re.compile(
    r" (?P<num>[^\W\d]+(?: [^\W\d]+){0,3})/(?P<per>(?:[\d.,]+ )?[^\W\d]+(?:[ /][^\W\d]+){0,5})"
)


# a rate's denominator is a round size: "trên một vạn dân", "/1.000 dân", "/100.000 trẻ …"
_SIZE = r"(?:(?:một|01|1)\s+)?(?P<size>vạn|(?:1|10|100)(?:\.000)+|10{3,5}|100)"


@cache
def _populations() -> str:
    return "|".join(re.escape(w) for w in vocab.lower_list("units", "rate_populations"))


@cache
def _per_population_rx() -> tuple[re.Pattern[str], re.Pattern[str]]:
    pop = rf"(?P<pop>(?:{_populations()}))(?![\w])"
    return (
        # "12 người trên một vạn dân", "15 bác sĩ trên 1.000 dân"
        re.compile(rf"\s+(?P<noun>[^\W\d]+(?:\s+[^\W\d]+){{0,3}}?)\s+trên\s+{_SIZE}\s+{pop}", re.I),
        # "dưới 4/100.000 trẻ sinh ra còn sống": a rate with no noun before its '/'
        re.compile(rf"\s*/\s*{_SIZE}\s+{pop}", re.I),
    )


def per_population(clause: str, end: int) -> tuple[str, int] | None:
    """A rate per a round number of people right after the figure ending at ``end``: (unit,
    end of the rate). "12 người trên một vạn dân" → "người/vạn dân"; "4/100.000 trẻ sinh ra còn
    sống" is a rate (cases per 100 000 births), never 4 of 100 000."""
    with_noun, bare = _per_population_rx()
    m = with_noun.match(clause, end)
    if m and m.group("noun")[:1].islower() and not _has_stop_word(m.group("noun")):
        noun = " ".join(m.group("noun").split())
    else:
        m = bare.match(clause, end)
        if not m:
            return None
        noun = vocab.load("units")["rate_case_noun"]
    size = m.group("size")
    if size == "100" and not match_key(m.group("pop")).endswith("dan"):
        return None  # "80/100 xã": a part of a whole, not a rate
    unit = f"{noun}/{size} {' '.join(m.group('pop').lower().split())}"
    return dict(vocab.named_units()).get(match_key(unit), unit), m.end()


def _has_stop_word(words: str) -> bool:
    stop = set(vocab.lower_list("units", "not_count_words"))
    return any(w.lower() in stop for w in words.split())


def _rate_noun(rest: str, stop: set[str]) -> str | None:
    m = _RATE.match(rest)
    if not m or not m.group("num")[:1].islower():
        return None
    if any(w.lower() in stop for w in m.group("num").split()):
        return None
    # the denominator: "1.000 phụ nữ", "100 trẻ sơ sinh gái" (a number then up to four words), or
    # a bare "vạn dân", "người/năm" (two at most: "doanh nghiệp/hợp tác xã" is no rate)
    size, *words = (
        m.group("per").split(" ")
        if m.group("per")[:1].isdigit()
        else ["", *m.group("per").split(" ")]
    )
    most = 4 if size else 2
    kept: list[str] = []
    for w in words:
        if kept and (w.lower() in stop or len(kept) == most):
            break
        kept.append(w)
    if not kept:
        return None
    return f"{m.group('num')}/{' '.join(([size] if size else []) + kept)}"


_RANK = re.compile(
    rf"(?:xếp\s+hạng|xếp\s+thứ|đứng\s+thứ|đứng\s+hạng|xếp|hạng|thứ\s+hạng)\s+(?:thứ\s+)?(?P<v>{N})"
    rf"(?:\s*/\s*(?P<of>{N}))?",
    re.I,
)
_TOP = re.compile(
    rf"(?:\b(?:thuộc|trong|vào|nằm trong)\s+)?(?P<w>nhóm|top|tốp)\s+(?P<v>{N})(?!\s*/)", re.I
)


_MAGNITUDES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "tỷ": 10**9, "tỉ": 10**9}
_MAGNITUDE = re.compile(
    r"\s+(nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(nghìn|ngàn|triệu|tỷ|tỉ))?(?=\s+[^\W\d])", re.I
)
# "ĐHQG TP.HCM 100 tỷ)", "bố trí 51 nghìn tỷ.": a bare "tỷ" ending the phrase is an amount in đồng
_BARE_BILLION = re.compile(r"\s+(?:(nghìn|ngàn)\s+)?(tỷ|tỉ)(?=\s*(?:[^\w\s]|$))", re.I)


# "78,6 ty dong", "500 trieu đồng", "(Bộ KH&CN 78,6 ty, …)": a magnitude typed without its accents,
# matched on the folded text; only before a currency word (or, for "ty", ending the phrase as a bare
# "tỷ" does), since folded "ngan", "ti" are also other words ("5 ngân hàng")
_FOLDED_MAGNITUDES = {"nghin": 1000, "ngan": 1000, "trieu": 1_000_000, "ty": 10**9, "ti": 10**9}
_FOLDED_MONEY = re.compile(
    r"\s+(nghin|ngan|trieu|ty|ti)(?:\s+(nghin|ngan|trieu|ty|ti))?(?:\s+(?:dong|vnd)\b|\s*(?=[^\w\s]|$))"
)


def _folded_money(folded: str, end: int) -> tuple[int, int] | None:
    """(factor, end) of an amount in đồng whose magnitude word has lost its accents, or None."""
    m = _FOLDED_MONEY.match(folded, end)
    if not m:
        return None
    currency = re.search(r"(?:dong|vnd)$", m.group(0))
    if not currency and (m.group(2) or m.group(1) not in ("ty", "ti")):
        return None
    factor = _FOLDED_MAGNITUDES[m.group(1)]
    if m.group(2):
        factor *= _FOLDED_MAGNITUDES[m.group(2)]
    return factor, m.end()


def _scaled(value: float | int, factor: int) -> float | int:
    scaled = value * factor
    return int(round(scaled)) if abs(scaled - round(scaled)) < 1e-6 else scaled


def scan(clause: str) -> list[Hit]:
    """All measurable values in ``clause``, in text order."""
    m = mask(clause)
    folded = fold_keep_len(clause)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for rx_hit in _RANK.finditer(clause):
        a, b = rx_hit.span("v")
        if re.match(r"\s*/\s*\d{1,2}\s*/\s*\d{4}|\s*/\s*(?:19|20)\d{2}(?!\d)", clause[b:]):
            continue  # a date, not a rank
        value = parse_number(rx_hit.group("v"))
        of = parse_number(rx_hit.group("of")) if rx_hit.group("of") else None
        hits.append(Hit(rx_hit.start(), rx_hit.end(), value, "rank", "rank", of))
        taken.append((rx_hit.start(), rx_hit.end()))
    leading = vocab.folded_list("comparators", "top", "leading_words")
    for rx_hit in _TOP.finditer(clause):
        if not free(*rx_hit.span()):
            continue
        after = match_key(clause[rx_hit.end() : rx_hit.end() + 90])
        if match_key(rx_hit.group("w")) == "nhom" and not any(w in after for w in leading):
            continue
        hits.append(
            Hit(
                rx_hit.start(),
                rx_hit.end(),
                parse_number(rx_hit.group("v")),
                "rank",
                "top",
                comparator="top",
            )
        )
        taken.append(rx_hit.span())

    # "Có ít nhất một cơ sở y tế …": a count written as a word after a minimum
    number_words = vocab.load("comparators")["number_words"]
    for wm in re.finditer(
        rf"(?:ít nhất|tối thiểu)\s+({'|'.join(number_words)})(?=\s)", clause, re.I
    ):
        noun = _count_noun(clause, wm.end())
        if noun and free(*wm.span(1)):
            value = number_words[wm.group(1).lower()]
            end = wm.end() + 1 + len(noun)
            hits.append(Hit(wm.start(1), end, value, noun, "count"))
            taken.append((wm.start(1), end))
    for nh in re.finditer(N, m):
        a, b = nh.span()
        if not free(a, b) or m[a:b] != clause[a:b]:
            continue
        if a > 0 and (clause[a - 1].isalpha() or clause[a - 1] in "/"):
            continue
        try:
            value = parse_number(clause[a:b])
        except ValueError:
            continue
        end, of = b, None
        rate = per_population(clause, b)
        if rate:
            hits.append(Hit(a, rate[1], value, rate[0], "count"))
            taken.append((a, rate[1]))
            continue
        # X/Y: "13/15 chỉ tiêu", "1.149/7.431 doanh nghiệp"
        xy = re.match(rf"\s*/\s*({N})", clause[b:])
        if xy and m[b : b + xy.end()].strip("/ ") == clause[b : b + xy.end()].strip("/ "):
            try:
                of = parse_number(xy.group(1))
            except ValueError:
                of = None
            end = b + xy.end()
        # range: "15 - 20%" takes the lower bound and the unit after the upper one
        rg = re.match(rf"\s*(?:-|–|—|đến)\s*({N})", clause[end:])
        if of is None and rg:
            after_rg = end + rg.end()
            if _named_unit_at(folded, after_rg) or _count_noun(clause, after_rg):
                end = after_rg
        # "1,1 triệu lượt", "hơn 2 triệu hồ sơ", "400 triệu USD", "25.000 tỷ đồng": a magnitude
        # word scales the value (an amount is in đồng, as budgets are)
        mag = _MAGNITUDE.match(clause, end)
        if mag:
            factor = _MAGNITUDES[mag.group(1).lower()]
            if mag.group(2):  # "12,7 nghìn tỷ đồng"
                factor *= _MAGNITUDES[mag.group(2).lower()]
            value = _scaled(value, factor)
            if of is not None:  # "11,7/12,7 nghìn tỷ đồng": both parts
                of = _scaled(of, factor)
            end = mag.end()
        bare = _BARE_BILLION.match(clause, end) if not mag else None
        typed = _folded_money(folded, end) if not mag and not bare else None
        if typed:
            factor, typed_end = typed
            value = _scaled(value, factor)
            of = _scaled(of, factor) if of is not None else None
            hits.append(Hit(a, typed_end, value, "đồng", "named", of))
            taken.append((a, typed_end))
            continue
        if bare:
            factor = 10**9 * (_MAGNITUDES[bare.group(1).lower()] if bare.group(1) else 1)
            value = _scaled(value, factor)
            of = _scaled(of, factor) if of is not None else None
            hits.append(Hit(a, bare.end(), value, "đồng", "named", of))
            taken.append((a, bare.end()))
            continue
        named = _named_unit_at(folded, end)
        if named:
            unit, uend = named
            # "từ 1%-1,5%/năm", "15% - 20%": a range written with its unit twice is one value
            rg2 = re.match(rf"\s*(?:-|–|—|đến)\s*({N})\s*%", clause[uend:]) if unit == "%" else None
            if rg2 and of is None:
                uend += rg2.end()
            kind = "percent" if unit == "%" else "named"
            per_year_mark = re.match(r"\s*/\s*năm", clause[uend:]) if unit == "%" else None
            if per_year_mark:
                unit, uend = "%/năm", uend + per_year_mark.end()
            noun = _count_noun(clause, end) if unit in ("điểm", "bậc") else None
            if noun and len(noun.split()) > 1:
                unit, kind, uend = (
                    noun,
                    "count",
                    end + len(noun) + 1,
                )
            hits.append(Hit(a, uend, value, unit, kind, of))
            taken.append((a, uend))
            continue
        noun = _count_noun(clause, end)
        if noun:
            hits.append(Hit(a, end + 1 + len(noun), value, noun, "count", of))
            taken.append((a, end + 1 + len(noun)))
            continue
        if of is not None and _day_of_month(clause, a, value, of):
            continue  # "thăm Singapore 12/3", "(26/2)": a day, no count of anything
        if of is not None:
            hits.append(Hit(a, end, value, "", "count", of))
            taken.append((a, end))
            continue
        if "," in clause[a:b] and isinstance(value, float) or _index_value(clause, a):
            hits.append(Hit(a, b, value, "index", "index"))
            taken.append((a, b))
    hits.sort(key=lambda h: h.start)
    # "xếp thứ 6/63 tỉnh, thành phố (8/34 tỉnh, thành phố)": a place among provinces restated is a rank
    for k, h in enumerate(hits):
        if (
            h.kind == "count"
            and h.of is not None
            and k
            and hits[k - 1].kind == "rank"
            and re.split(r"[\s,/]+", match_key(h.unit))[0] in ("tinh", "thanh")
            and h.start - hits[k - 1].end < 40
        ):
            hits[k] = Hit(h.start, h.end, h.value, "rank", "rank", h.of)
    return hits


def _day_of_month(clause: str, pos: int, value: float, of: float) -> bool:
    """An X/Y with no counted noun that reads as a day of a month ("đến VN 26/3", "(30/4)"), not
    a score reached ("đạt 10/12")."""
    if not (value == int(value) and of == int(of) and 1 <= value <= 31 and 1 <= of <= 12):
        return False
    return not re.search(r"(?:đạt|là|được|:)\s*$", clause[max(0, pos - 8) : pos], re.I)


def _index_value(clause: str, pos: int) -> bool:
    """A bare number (no unit, no counted noun) after "đạt"/"là" in a clause about an index
    ("Chỉ số DTI, năm 2022 … đạt 0,64", "chỉ số … là 1"): an index value."""
    lead = match_key(clause[max(0, pos - 30) : pos])
    if not re.search(
        r"(?:^|\s)(?:dat|la|o muc|dat muc)(?:\s+(?:tren|toi thieu|it nhat|khoang))?\s*$", lead
    ):
        return False
    head = match_key(clause[max(clause.rfind(";", 0, pos), 0) : pos])
    return any(
        re.search(rf"(?:^|\W){re.escape(w)}(?:\W|$)", head)
        for w in vocab.folded_list("units", "index_words")
    )


def comparator_for(clause: str, hit: Hit, prev_end: int) -> str:
    """The comparator written right before a hit (see vocab/comparators.json)."""
    if hit.kind == "top":
        return "top"
    prefix = match_key(clause[max(prev_end, hit.start - 45) : hit.start])
    words = prefix.replace(",", " ").replace(":", " ").split()
    # change words are matched with their accents: folded, "tăng" would also match "nền tảng"
    low = " ".join(
        clause[max(prev_end, hit.start - 45) : hit.start]
        .lower()
        .replace(",", " ")
        .replace(":", " ")
        .replace("(", " ")  # "(giảm 20% so với …)"
        .split()
    )
    low_last = " ".join(low.split()[-4:])
    # a yearly rate ("tăng bình quân hàng năm … đạt 10 - 13%/năm") is a change however far its verb
    if (
        hit.unit == "%"
        and re.match(r"\s*/\s*năm", clause[hit.end : hit.end + 8])
        or (hit.unit == "%/năm")
    ):
        # "… tăng bình quân hàng năm trong giai đoạn này đạt 10 - 13%/năm": back to the last value
        low_last = " ".join(
            clause[prev_end : hit.start].lower().replace(",", " ").replace("(", " ").split()
        )
    # "Giảm số giờ … còn 1,7 lần", "giảm … xuống 18 ca sinh": the level to reach, a ceiling
    # (a floor after "tăng … lên"); the change verb may stand anywhere before in the clause
    since = low.rsplit(";", 1)[-1]
    head = " ".join(
        clause[max(clause.rfind(";", 0, hit.start), 0) : hit.start]
        .lower()
        .replace(",", " ")
        .split()
    )
    level_ends, change_words = _to_level_patterns()
    for kind, ends_rx in level_ends.items():
        if ends_rx.search(since) and change_words[kind].search(head):
            return "<=" if kind == "decrease" else ">="
    # "giảm xuống dưới 2%", "tăng lên trên 80%": the level is bounded by the word after the verb;
    # "giảm còn khoảng 5%" names no bound of its own, so the level is reached as "còn" says
    approximate = set(vocab.lower_list("comparators", "approximate_words"))
    for kind, ends_rx in level_ends.items():
        for p, c in vocab.load("comparators")["phrases"]:
            # "<end> <phrase>" closing ``since``
            if since.endswith(" " + p) and ends_rx.search(since[: -len(p) - 1]):
                if p in approximate:
                    return "<=" if kind == "decrease" else ">="
                return str(c)
    not_change = vocab.lower_list("comparators", "change", "not_change")
    if not any(nc in low_last for nc in not_change):
        for kind in ("increase", "decrease"):
            if change_words[kind].search(low_last):
                return kind
    # a one-word phrase is matched with its accents: folded, "từ" would also match "đầu tư"
    accented = clause[max(prev_end, hit.start - 45) : hit.start].lower()
    last = accented.replace(",", " ").replace(":", " ").split()[-1:]
    one_word = _one_word_phrases()
    by_phrase = _phrases_by_key()
    for k in range(min(5, len(words)), 0, -1):
        phrase = " ".join(words[-k:])
        for p, c in by_phrase.get(phrase, ()):
            if phrase == p and k == 1 and last and last[0] != one_word.get(p, last[0]):
                continue
            if phrase == p:
                if (
                    p == "tu"
                    and not re.match(r"[^;]{0,60}trở lên", clause[hit.end :])
                    and hit.kind == "count"
                ):
                    return ">="
                return c
    if re.match(r"[^;,]{0,40}trở lên", clause[hit.end :]):
        return ">="
    if re.match(r"[^;,]{0,40}trở xuống", clause[hit.end :]):
        return "<="
    if _level_is_a_ceiling(clause, hit):
        return "<="
    if hit.kind == "count":
        # "Phấn đấu đến năm 2030, cả nước có 1.200 công trình": a count the clause strives for is
        # a floor, not an exact number
        # (accent-folded: "Phân đầu có 70 doanh nghiệp", a typed or recognised "Phấn đấu", strives too)
        lead = match_key(clause[max(clause.rfind(";", 0, hit.start), 0) : hit.start])
        if any(w in lead for w in vocab.folded_list("comparators", "strive_words")):
            return ">="
        # "Xây dựng 3 đô thị thông minh, gồm: …", "Sửa đổi 322 văn bản … theo phương án đã được
        # phê duyệt": the count of a set the text names or fixes is exact; a bare count to reach
        # ("01 sàn giao dịch dữ liệu", "30 doanh nghiệp có hoạt động …") is a floor
        rest = match_key(clause[hit.end :].split(";")[0])
        exact_lead, exact_set = _exact_count_patterns()
        if exact_lead.search(lead):
            return "="  # "Phát triển thêm 150 …", "Xây dựng 2 khu …": the amount to add or build
        if exact_set.search(rest):
            return "="
        return str(vocab.load("comparators")["bare_count_comparator"])
    return str(vocab.load("comparators")["bare_comparator"])


def _level_is_a_ceiling(clause: str, hit: Hit) -> bool:
    """A level written with no comparator word that is the most allowed: held down by a verb
    ("kiềm chế lạm phát ở mức 4%") or set for an indicator where higher is worse ("Tỷ số giới tính
    khi sinh ở mức 107 …"). Only the clause before the number counts: "50% người gây bạo lực được
    phát hiện" names no such indicator."""
    if hit.kind in ("rank", "top"):
        return False
    head = match_key(clause[max(clause.rfind(";", 0, hit.start), 0) : hit.start])
    head = re.sub(r"(?:^|(?<=\W))ti (?=le|so|suat)", "ty ", head)  # "tỉ lệ" is "tỷ lệ"
    return bool(_ceiling_words().search(head))


@cache
def _ceiling_words() -> re.Pattern[str]:
    words = vocab.folded_list("comparators", "ceiling_verbs") + vocab.folded_list(
        "comparators", "lower_is_better"
    )
    return re.compile(rf"(?:^|\W)(?:{'|'.join(map(re.escape, words))})(?:\W|$)")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


@cache
def _to_level_patterns() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """Per kind of change (vocab comparators.to_level), the words that end a change to a level
    ("giảm xuống", "tăng lên") at the end of a text, and the change verbs as whole words; compiled
    once (comparator_for runs for every figure)."""
    ends = {
        kind: re.compile(rf"(?:^|\s)(?:{_alternation(words)})$")
        for kind, words in vocab.load("comparators")["to_level"].items()
    }
    kinds = set(ends) | {"increase", "decrease"}
    change = {
        kind: re.compile(
            rf"(?:^|\s)(?:{_alternation(vocab.lower_list('comparators', 'change', kind))})(?:\s|$)"
        )
        for kind in kinds
    }
    return ends, change


@cache
def _exact_count_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lead = vocab.folded_list("comparators", "exact_lead_words")
    rest = vocab.folded_list("comparators", "exact_set_words")
    return (
        re.compile(rf"(?:^|\W)(?:{_alternation(lead)})\s*$"),
        re.compile(rf"(?:^|\W)(?:{_alternation(rest)})(?:\W|$)"),
    )


@cache
def _phrases_by_key() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded comparator phrase → its (phrase, comparator) pairs, in vocabulary order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for p, c in vocab.comparator_phrases():
        out.setdefault(p, []).append((p, c))
    return {k: tuple(v) for k, v in out.items()}


@cache
def _one_word_phrases() -> dict[str, str]:
    """Folded one-word comparator phrase → the word with its accents."""
    return {match_key(p): p for p, _ in vocab.load("comparators")["phrases"] if " " not in p}


def per_year(clause: str) -> bool:
    f = match_key(clause)
    return any(w in f for w in vocab.folded_list("comparators", "per_year"))


_YEAR_MARK = re.compile(
    r"(?P<so>so với\s+)?(?:(?:đến|tới|vào|trong|hết|cuối|đến hết|đến cuối|từ)\s+)?(?:năm|giai đoạn)\s+"
    r"(?P<y1>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?"
    r"|(?P<so2>so với\s+)?(?:đến|tới)\s+(?P<y3>(?:19|20)\d{2})(?!\s*/)"
    r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*(?P<y4>(?:19|20)\d{2})"
    r"|\((?P<y5>(?:19|20)\d{2})\)"
    # "Quý I/2025", "quý 2 năm 2024", "Q1/2024", "T4/2025" (a quarter or a month of a year)
    r"|(?P<so3>so với\s+)?(?:(?<!\w)quý\s+(?:IV|I{1,3}|[1-4])\s*(?:/|năm)|(?<!\w)[QT]\d{1,2}/)"
    r"\s*(?P<y6>(?:19|20)\d{2})(?!\d)"
    # "đến hết 24/5/2025", "tính đến ngày 12/5/2025": the day a figure is counted up to
    r"|(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?\d{1,2}/\d{1,2}/(?P<y7>(?:19|20)\d{2})(?!\d)",
    re.I,
)


_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
_AFTER_WORD = re.compile(r"(?:^|\s)sau\s*$", re.I)


def year_marks(clause: str, max_span: int | None = None) -> list[tuple[int, int]]:
    """(position, year) of each year the clause gives as a deadline or a date; 'so với năm X' is a baseline
    and is left out, and so is a period longer than ``max_span`` years ("80% các chỉ tiêu thống kê
    quốc gia trong giai đoạn 2010 - 2025": the span the figures cover, not a plan's deadline)."""
    out: list[tuple[int, int]] = []
    if not _ANY_YEAR.search(clause):
        return out  # most clauses name no year: skip the long pattern
    for m in _YEAR_MARK.finditer(clause):
        if m.group("so") or m.group("so2") or m.group("so3"):
            continue
        if (
            max_span is not None
            and m.group("y2")
            and int(m.group("y2")) - int(m.group("y1")) > max_span
        ):
            continue
        if _AFTER_WORD.search(clause, max(0, m.start() - 5), m.start()):
            continue  # "Sau năm 2030, … giảm 5 μg/m3 …": the start of a period, not its deadline
        year = next(m.group(g) for g in ("y2", "y1", "y3", "y4", "y5", "y6", "y7") if m.group(g))
        out.append((m.start(), int(year)))
    return out


# "tại cấp tỉnh", "ở cấp xã": the level where a figure holds; a level that only names the counted
# thing ("đơn vị hành chính cấp xã", "trạm y tế cấp xã"), a range of levels ("từ cấp tỉnh đến cấp
# xã") or "trợ cấp xã hội" (social allowance: "xã hội" is no commune) is none
_LEVEL = re.compile(
    r"(?<!\w)(?:tại|ở)\s+(?:các\s+|mỗi\s+)?cấp\s+(tỉnh|huyện|xã|trung ương|cơ sở)(?!\s+hội)(?!\w)",
    re.I,
)


def scope_for(clause: str, hit: Hit, next_start: int) -> str | None:
    seg = clause[hit.end : next_start] if next_start > hit.end else clause[hit.end :]
    m = _LEVEL.search(seg)
    return f"cấp {m.group(1).lower()}" if m else _ranked_among(clause, hit)


# "nhóm 3 nước dẫn đầu (khu vực) Đông Nam Á", "nhóm 50 nước đứng đầu thế giới": the region a
# top N is counted in
_AMONG = re.compile(
    r"\s*(?:nước|quốc gia|nền kinh tế|tỉnh|tỉnh, thành phố|địa phương|trường|doanh nghiệp)?"
    r"\s*(?:dẫn đầu|đứng đầu|hàng đầu|tốt nhất|cao nhất)\s+(?:của\s+|trong\s+|tại\s+)?"
    r"(?:khu vực\s+)?(?P<r>thế giới|toàn cầu|cả nước|toàn quốc|\w+(?:\s+\w+){0,3})",
)


def _ranked_among(clause: str, hit: Hit) -> str | None:
    """The region of a top N ("thuộc nhóm 3 nước dẫn đầu Đông Nam Á" → "Đông Nam Á")."""
    if hit.kind != "top":
        return None
    m = _AMONG.match(clause, hit.end)
    if not m:
        return None
    if m.group("r")[:1].islower():
        # "dẫn đầu cả nước": the whole country, where a province is always ranked, is no scope
        return m.group("r") if m.group("r") in ("thế giới", "toàn cầu") else None
    name = []
    for w in m.group("r").split():  # a proper name: its capitalised words ("Đông Nam Á về …")
        if not w[:1].isupper():
            break
        name.append(w)
    return " ".join(name)


def subject_for(clause: str, hit: Hit, next_start: int) -> str:
    after = clause[hit.end : next_start if next_start > hit.end else len(clause)]
    after = re.split(r"\((?:năm|trừ)|;|\. ", after)[0]
    after = after.strip(" ,.;:)(").strip()
    lead_in = clause[max(0, hit.start - 40) : hit.start]
    if (
        hit.kind in ("rank", "top")
        or len(after) < 4
        or re.search(
            r"(?:đạt|là|ở mức|chiếm|bằng)(?:\s+(?:tối thiểu|ít nhất|trên|từ|khoảng))?\s*$", lead_in
        )
    ):
        before = clause[: hit.start]
        before = (
            re.split(r"[;:,]", before)[-1]
            if len(re.split(r"[;:,]", before)[-1].split()) >= 2
            else re.split(r"[;:]", before)[-1]
        )
        before = re.sub(
            r"(?i)(phấn đấu|đạt|là|có|thuộc|trên|tối thiểu|ít nhất|tăng|giảm|chiếm)\s*$",
            "",
            before.strip(),
        )
        return " ".join(before.split())[-120:].strip(" ,.")
    after = re.sub(r"^(?:các|những|tổng số)\s+", "", after)
    return " ".join(after.split())[:160]
