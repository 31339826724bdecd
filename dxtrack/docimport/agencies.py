"""Agency lists: split a cell or a phrase into one name per agency, and look each up in
``vocab/agencies.json``.

"Sở Thông tin và Truyền thông, UBND cấp huyện, trường học" → three names; a collective name
stays whole ("Các cơ quan, đơn vị, địa phương, doanh nghiệp liên quan"); a name the vocabulary
knows is protected before splitting (so "Sở Văn hóa, Thể thao và Du lịch" keeps its comma).
Names are kept as written, normalised only for spaces, dashes and a trailing period.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dxtrack.core.text import match_key, norm_dashes

from . import vocab
from .textutil import split_outside_parens


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    successor: str | None = None


@cache
def _units() -> tuple[tuple[str, Unit], ...]:
    """(folded alias, unit), longest alias first."""
    out = []
    for u in vocab.load("agencies")["units"]:
        unit = Unit(u["code"], u["name"], u.get("kind", "department"), u.get("successor"))
        for alias in [u["name"], *u.get("aliases", [])]:
            out.append((match_key(alias), unit))
    return tuple(sorted(out, key=lambda au: -len(au[0])))


@cache
def _protect_patterns() -> tuple[re.Pattern[str], ...]:
    pats = []
    for u in vocab.load("agencies")["units"]:
        for alias in [u["name"], *u.get("aliases", [])]:
            if "," not in alias and " và " not in alias and "-" not in norm_dashes(alias):
                continue
            words = [re.escape(w) for w in norm_dashes(alias).split()]
            body = r"\s*".join(w.replace(r"\-", r"[-–—]") for w in words)
            pats.append(re.compile(rf"(?<!\w){body}(?!\w)", re.I))
    # names with a comma or "và" inside, whatever the head ("Bộ/Sở Văn hóa, Thể thao và Du lịch"),
    # and a body with its own members ("Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên")
    for name in vocab.load("agencies").get("compound_names", []):
        words = [re.escape(w) for w in norm_dashes(name).split()]
        body = r"\s*".join(w.replace(r"\-", r"[-–—]") for w in words)
        pats.append(re.compile(rf"(?<!\w){body}(?!\w)", re.I))
    for tail in vocab.load("agencies").get("member_tails", []):
        words = [re.escape(w) for w in tail.split()]
        pats.append(re.compile(r"[^,;()]+?\s+và\s+" + r"\s+".join(words) + r"(?!\w)", re.I))
    return tuple(sorted(pats, key=lambda p: -len(p.pattern)))


@lru_cache(maxsize=4096)
def clean_name(name: str) -> str:
    # cached: the rules ask for the same few names over and over (lookup, is_collective …)
    name = norm_dashes(" ".join(name.split()))
    # a role note after the name ("Bộ Y tế (chủ trì phần chuyên môn)", "(mạng lưới quốc gia)")
    m = re.search(r"\s*\(([^()]*)\)\s*[.;,]?$", name)
    if m and m.group(1).lower().startswith(vocab.lower_list("agencies", "role_note_starts")):
        name = name[: m.start()]
    name = re.sub(r"\s*-\s*", " - ", name) if re.search(r"\w\s*-\s+\w|\w\s+-\s*\w", name) else name
    name = name.strip(" ,;:-•+*")
    return re.sub(r"\.+$", "", name).strip()


# the centrally-run cities (thành phố trực thuộc Trung ương), folded
_CENTRAL_CITIES = (
    "ha noi",
    "ho chi minh",
    "hai phong",
    "da nang",
    "can tho",
    "hue",
)


@cache
def _units_by_first_word() -> dict[str, tuple[tuple[str, Unit], ...]]:
    """_units() grouped by the first word of the alias, longest alias first as there: every test
    of lookup needs the name to open with the alias (or with the alias before its last word
    "tinh"), so only aliases sharing the name's first word can match."""
    groups: dict[str, list[tuple[str, Unit]]] = {}
    for alias, unit in _units():
        groups.setdefault(alias.split(" ", 1)[0], []).append((alias, unit))
    return {w: tuple(g) for w, g in groups.items()}


@lru_cache(maxsize=4096)
def lookup(name: str) -> Unit | None:
    f = match_key(clean_name(name))
    places = vocab.folded_list("agencies", "place_words")
    for alias, unit in _units_by_first_word().get(f.split(" ", 1)[0], ()):
        if f == alias:
            return unit
        # a province's body written for a centrally-run city ("Công an Thành phố", "Sở Tài chính
        # thành phố Hà Nội"): the same body, the city in place of "tỉnh"; not a city inside a
        # province ("UBND thành phố Thái Nguyên" is a district-level council)
        if alias.endswith(" tinh") and f.startswith(alias[:-5] + " thanh pho"):
            rest = f[len(alias) - 5 + len(" thanh pho") :].strip()
            if (not rest and clean_name(name).endswith("Thành phố")) or rest in _CENTRAL_CITIES:
                return unit
        if f.startswith(alias + " "):
            rest = f[len(alias) + 1 :]
            if rest.startswith("thanh pho ") and rest[len("thanh pho ") :] in _CENTRAL_CITIES:
                return unit  # "Sở Tài chính thành phố Hà Nội"
            if (
                any(rest == p or rest.startswith(p + " ") or rest.endswith(" " + p) for p in places)
                and len(rest) <= 40
            ):
                return unit
    return None


@lru_cache(maxsize=4096)
def is_collective(name: str) -> bool:
    """Whether the name opens with a collective's words ("Các sở, ngành …"), whole words."""
    words = clean_name(name).lower().split()
    starts = vocab.lower_list("agencies", "collective_starts")
    return bool(words) and any(" ".join(words[: len(s.split())]) == s for s in starts)


def _head_re() -> re.Pattern[str]:
    heads = vocab.lower_list("agencies", "heads")
    alt = "|".join(re.escape(h) for h in heads)
    return re.compile(rf"(?:{alt})(?!\w)", re.I)


_HEAD_RE = None


def split_agencies(text: str) -> list[str]:
    """One string per agency named in ``text`` (a table cell or a phrase)."""
    return list(_split_agencies(str(text or "")))


@lru_cache(maxsize=2048)
def _split_agencies(text: str) -> tuple[str, ...]:
    """split_agencies, cached: a cell is split when its kind is read and again for its task (a
    new list is handed out each time, so callers may change theirs)."""
    return tuple(_split_agencies_uncached(text))


def _split_agencies_uncached(text: str) -> list[str]:
    global _HEAD_RE
    if _HEAD_RE is None:
        _HEAD_RE = _head_re()
    s = "; ".join(fused_lines(" ".join(norm_dashes(str(text or "")).split())))
    if not s:
        return []
    protected: list[str] = []

    def protect(m: re.Match[str]) -> str:
        protected.append(m.group(0))
        return f"\x00{len(protected) - 1}\x00"

    for pat in _protect_patterns():
        s = pat.sub(protect, s)
    s = "; ".join(x for x in (_name_part(seg) for _, seg in split_outside_parens(s, ";")) if x)
    s = _distribute_head(s, protected)
    # a list written as "- A - B" (bullets flattened into one cell)
    if s.startswith(("- ", "+ ", "• ")):
        pieces = [p for p in re.split(r"(?:^|\s)[-+•]\s+", s) if p.strip()]
    else:
        pieces = [s]
    parts: list[str] = []
    for piece in pieces:
        # "A và các B", "A cùng với B", "A và Sở C"
        for sub in re.split(
            r"\s+(?:và|cùng với|cùng)\s+(?=(?:các|Các|những|một số)\s|\x00|(?:Sở|UBND|Ủy ban|Uỷ ban|Ban|Công an|Bộ|"
            r"Văn phòng|Đài|Báo|Trung tâm|Đại học|cộng đồng|người dân|doanh nghiệp)\s)",
            piece,
        ):
            parts.extend(p for _, p in split_outside_parens(sub, ",;"))
    merged: list[str] = []
    for part in parts:
        p = part.strip()
        if not p:
            continue
        last = _restore(merged[-1], protected) if merged else ""
        if merged and (
            (_opens_collective(last) and _continues_collective(p))
            # kinds of body with no name ("Bộ, ngành, địa phương", "bộ, ngành liên quan"); a kind
            # opening the list also takes a qualified one ("Tập đoàn, doanh nghiệp công nghệ số")
            or (
                _only_kinds(last)
                and _continues_collective(p)
                and (len(merged) == 1 or _only_kinds(p))
            )
            or _describes_collective(last, _restore(p, protected))
            or _name_goes_on(last, _restore(p, protected))
        ):
            merged[-1] = f"{merged[-1]}, {p}"
        else:
            merged.append(p)
    out: list[str] = []
    for m in _bare_words_together(merged):
        name = clean_name(_restore(m, protected))
        if name and name not in out:
            out.append(name)
    return out


@cache
def _duty_re() -> re.Pattern[str]:
    """A duty verb after at least one word of a name."""
    verbs = sorted(vocab.lower_list("agencies", "duty_verbs"), key=len, reverse=True)
    alt = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"(?<=[\w\x00])\s+(?:{alt})(?!\w)")


def _name_part(segment: str) -> str:
    """The agency's name without the duty or purpose written after it: "Sở Xây dựng đăng tải thông
    điệp …" → "Sở Xây dựng"; "các đơn vị có liên quan tham mưu hoạt động …" → "các đơn vị có liên
    quan". Verbs are matched as written (lower case), so "Sở Xây dựng" keeps its name; a place
    after a name ("… có liên quan trên địa bàn tỉnh") is part of it."""
    m = _duty_re().search(segment)
    return segment[: m.start()].strip() if m else segment.strip()


@cache
def _shared_re() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in vocab.words("agencies", "shared_heads"))
    return re.compile(rf"(?<!\w)[Cc]ác\s+(?P<head>{heads})\s*:?\s+(?=\S)")


def _distribute_head(s: str, protected: list[str]) -> str:
    """ "Các Sở: Tài chính, Nội vụ và Y tế" → "Sở Tài chính, Sở Nội vụ, Sở Y tế": one head shared by
    a list of names written with capitals, up to an item that opens an agency of its own ("UBND …",
    "các …") or a lower-case word; "Giáo dục và Đào tạo" keeps its "và" ('joined_bodies')."""
    m = next((x for x in _shared_re().finditer(s) if _capital(s[x.end()])), None)
    if not m:
        return s
    head = m.group("head")
    stops = vocab.lower_list("agencies", "shared_head_stops")
    joined = {match_key(b) for b in vocab.words("agencies", "joined_bodies")}
    tail = s[m.end() :]
    cut = re.search(r"[;(]", tail)
    body, after = (tail[: cut.start()], tail[cut.start() :]) if cut else (tail, "")
    items = [x.strip() for x in body.split(",")]
    out: list[str] = []
    for k, item in enumerate(items):
        text = _restore(item, protected)
        low = text.lower()
        if not text[:1].isupper() or any(low == w or low.startswith(w + " ") for w in stops):
            out += items[k:]
            break
        parts = [item]
        mv = next((x for x in re.finditer(r"\s+và\s+", item) if _capital(item[x.end()])), None)
        if mv and match_key(_restore(item, protected)) not in joined:
            parts = [item[: mv.start()], item[mv.end() :]]
        for n, p in enumerate(parts):
            low = _restore(p, protected).lower()
            if n and any(low == w or low.startswith(w + " ") for w in stops):
                out.append(p)  # "… Nội vụ và UBND các xã": the list of the head has ended
            else:
                out.append(f"{head} {p}")
    return s[: m.start()] + ", ".join(out) + after


def _capital(ch: str) -> bool:
    return ch.isupper() or ch == "\x00"  # a protected name starts with a capital too


def _bare_words_together(pieces: list[str]) -> list[str]:
    """A bare one-word common noun is not an agency's name: listed together, such words name one
    group ("báo, đài"; "sở, ngành"), as a collective does."""
    out: list[str] = []
    run = False
    for p in pieces:
        bare = "\x00" not in p and len(p.split()) == 1 and p[:1].islower()
        if bare and run:
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
        run = bare
    return out


@lru_cache(maxsize=4096)
def _opens_collective(name: str) -> bool:
    """A collective name ("Các sở, ban, ngành"), or a name whose body is plural
    ("UBND các huyện, thị xã, thành phố", "Ban Quản lý các dự án, ..."): commas after it go on listing it."""
    if is_collective(name):
        return True
    words = clean_name(name).lower().split()
    # "Ủy ban nhân dân phường, xã, đặc khu": a council named by its level only, not by a place
    levels = vocab.lower_list("agencies", "collective_words")
    for head in ("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd"):
        rest = " ".join(words)[len(head) :].strip() if " ".join(words).startswith(head) else None
        if rest and not _strip_words(rest, levels):
            return True
    starts = vocab.lower_list("agencies", "collective_starts")
    collective = vocab.lower_list("agencies", "collective_words")
    for i in range(1, len(words)):
        if words[i] in starts and i + 1 < len(words):
            rest = " ".join(words[i + 1 :]).replace(",", "")
            if any(rest == w or rest.startswith(w + " ") for w in collective):
                return True
    return False


def _only_kinds(text: str) -> bool:
    """ "Bộ", "bộ, ngành", "ngành liên quan": kinds of body (head or level words), no name."""
    kinds = vocab.lower_list("agencies", "heads") + vocab.lower_list("agencies", "collective_words")
    parts = [re.sub(r"\s+(?:có\s+)?liên quan$", "", k.strip()) for k in text.lower().split(",")]
    return bool(text.strip()) and all(k in kinds for k in parts)


# words that open a clause describing the bodies a collective names ("Các bộ, ngành, địa phương là
# chủ quản CSDLQG, CSDL chuyên ngành"): the commas after it list what the clause names
_DESCRIBING = ("là", "có", "được", "gồm", "như")


def _name_goes_on(name: str, piece: str) -> bool:
    """Whether a comma piece goes on the name before it, as the comma inside "Sở Văn hóa, Thể thao
    và Du lịch" does: the name opens with a head word and is no body the vocabulary knows, and the
    piece is a short run of capitalised words with no head word ("Bộ Khoa học, Công nghệ"), not an
    abbreviation (VTV, VOV) nor a body of its own."""
    low = name.lower()
    heads = vocab.lower_list("agencies", "heads")
    if (
        "\x00" in piece
        or not any(low.startswith(h + " ") for h in heads)
        or is_collective(name)
        or _opens_collective(name)
        or lookup(name) is not None
    ):
        return False
    words = piece.split()
    plow = piece.lower()
    return (
        1 <= len(words) <= 2
        and words[0][:1].isupper()
        and not any(w.isupper() or any(c.isdigit() for c in w) for w in words)
        and not any(plow == h or plow.startswith(h + " ") for h in heads)
        and lookup(piece) is None
    )


def _describes_collective(collective: str, piece: str) -> bool:
    """Whether a comma piece after a collective goes on describing it rather than naming another
    agency: the piece opens with no head word and is no known body, and the collective either holds
    a describing clause ("… là chủ quản CSDLQG", then "CSDL chuyên ngành") or ends in a list of
    places ("các địa phương Bắc Ninh", then "Bình Dương", "An Giang")."""
    if "\x00" in piece or not (is_collective(collective) or _opens_collective(collective)):
        return False
    low = piece.lower()
    heads = vocab.lower_list("agencies", "heads")
    if (
        any(low == h or low.startswith(h + " ") for h in heads)
        or lookup(piece) is not None
        or is_collective(piece)
    ):
        return False
    words = collective.split()
    if any(w in _DESCRIBING for w in words[1:]):
        return True
    places = piece.split()
    return (
        len(words) >= 2
        and words[-1][:1].isupper()
        and 1 <= len(places) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in places)
    )


def _strip_words(text: str, words: tuple[str, ...]) -> str:
    """``text`` without the listed words (longest first), commas and spaces."""
    for w in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", " ", text)
    return text.replace(",", " ").strip()


def _continues_collective(piece: str) -> bool:
    """A bare word after a collective's comma ("ban", "ngành", "đơn vị liên quan") belongs to it."""
    if "\x00" in piece:
        return False
    first = piece.split()[0]
    if not first[:1].islower():
        return False
    words = vocab.lower_list("agencies", "collective_words")
    low = piece.lower().rstrip(" .;")
    return any(low == w or low.startswith(w + " ") for w in words)


def _restore(s: str, protected: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], s)


def split_roles(text: str) -> tuple[list[str], list[str]]:
    """Prose "X chủ trì, phối hợp với A, B" → (lead [X], coordinators [A, B]).

    "X phối hợp với A" without "chủ trì" makes X the lead as well. Several clauses (bullets joined
    with ";") are read in turn: a clause that is only a list goes on with the role before it; an
    agency given its own duty ("Sở Xây dựng đăng tải …") is a lead too; a clause that names no
    agency ends the list (the text has moved on).
    """
    s = " ".join(str(text or "").split()).rstrip(". ")
    lead: list[str] = []
    coord: list[str] = []
    last = "lead"
    for i, (_, clause) in enumerate(split_outside_parens(s, ";")):
        clause = clause.strip(" .,;")
        if not clause:
            continue
        has_role = re.search(r"\b(?:chủ trì|phối hợp)\b", clause, re.I)
        if i and not has_role and not _names_agency(clause):
            break
        if has_role or not i:
            c_lead, c_coord = _clause_roles(clause, led=bool(lead))
            if c_coord:
                last = "coord"
            elif c_lead:
                last = "lead"
        elif _name_part(clause) != clause:  # an agency with its own duty
            c_lead, c_coord = split_agencies(clause), []
            last = "lead"
        else:
            names = split_agencies(clause)
            c_lead, c_coord = (names, []) if last == "lead" else ([], names)
        lead += [x for x in c_lead if x not in lead]
        coord += [x for x in c_coord if x not in coord and x not in lead]
    return lead, coord


def _clause_roles(s: str, led: bool = False) -> tuple[list[str], list[str]]:
    m = re.search(r"\bchủ trì\b", s, re.I)
    lead_text, coord_text = s, ""
    if m:
        lead_text, rest = s[: m.start()], s[m.end() :]
        mc = re.search(r"\b(?:phối hợp với|phối hợp cùng|phối hợp)\b", rest, re.I)
        coord_text = rest[mc.end() :] if mc else ""
    else:
        mc = re.search(r"\b(?:phối hợp với|phối hợp cùng|phối hợp)\b", s, re.I)
        if mc:
            lead_text, coord_text = s[: mc.start()], s[mc.end() :]
            if led and not split_agencies(coord_text.strip(" ,;:")):
                # "X chủ trì; Sở Tài chính, Sở Tư pháp phối hợp": the names before the verb coordinate
                return [], split_agencies(_role_subject(lead_text))
    return split_agencies(_role_subject(lead_text)), split_agencies(coord_text.strip(" ,;:"))


def _role_subject(text: str) -> str:
    """The agencies before a role verb, without "giao …" before them or "là cơ quan" after them
    ("Giao Sở Nội vụ là cơ quan chủ trì" → "Sở Nội vụ")."""
    text = re.sub(r"^(?:là cơ quan|là đơn vị|giao)\s+", "", text.strip(" ,;"), flags=re.I)
    text = re.sub(r"\s+(?:là|làm)\s+(?:cơ quan|đơn vị)(?:\s+đầu mối)?$", "", text, flags=re.I)
    return text.strip(" ,;")


def _names_agency(clause: str) -> bool:
    """Whether a clause starts with an agency's name (a head word, a collective, a known unit)."""
    first = split_agencies(clause)[:1]
    if not first:
        return False
    low = first[0].lower()
    heads = vocab.lower_list("agencies", "heads")
    return (
        any(low == h or low.startswith(h + " ") for h in heads)
        or is_collective(first[0])
        or lookup(first[0]) is not None
    )


@cache
def _action_re() -> re.Pattern[str]:
    verbs = sorted(
        vocab.lower_list("agencies", "duty_verbs") + vocab.lower_list("agencies", "action_verbs"),
        key=len,
        reverse=True,
    )
    alt = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"(?<=[\w)])\s+(?:{alt})(?!\w)")


# "phối hợp (chặt chẽ) (với/cùng)", also "phối hợp, đôn đốc" (a second verb of the same duty)
_PARTNERS = re.compile(
    r"(?:^|[\s,])phối hợp(?:\s*,\s*(?:đôn đốc|hướng dẫn|kiểm tra|theo dõi))?\s+"
    r"(?:chặt chẽ\s+)?(?:(?:với|cùng)\s+)?",
    re.I,
)
# "…, Bộ Xây dựng và Bộ Khoa học và Công nghệ phối hợp …" after another agency's "chủ trì": the
# agencies written as the subject of "phối hợp" coordinate
_SUBJECT_PARTNERS = re.compile(r"(?:^|[,;]\s*)([^,;]+?)\s+phối hợp\b", re.I)


def partners_in_text(text: str) -> list[str]:
    """The partners a task's own text names ("Chủ trì, phối hợp với Bộ Công an và các cơ quan liên
    quan xây dựng …" → ["Bộ Công an", "các cơ quan liên quan"]; "phối hợp chặt chẽ với Bộ Giáo dục
    và Đào tạo để …"), for a task table with no coordinators column: at each "phối hợp (với/cùng)"
    followed by an agency, the agencies up to the first verb of the duty or the end of the clause.
    Agencies written as the subject of "phối hợp" after another's "chủ trì" ("… chủ trì xây dựng Đề
    án, Bộ Xây dựng và Bộ Khoa học và Công nghệ phối hợp khẩn trương phê duyệt") are partners;
    agencies that only "phối hợp" among themselves, with no "chủ trì" before, name none."""
    global _HEAD_RE
    if _HEAD_RE is None:
        _HEAD_RE = _head_re()
    out: list[str] = []
    for m in _PARTNERS.finditer(text):
        rest = re.split(
            r"[;:(]|\.\s+(?=[A-ZĐ][a-zà-ỹđ]+\s+[a-zà-ỹđ])", text[m.end() :], maxsplit=1
        )[0]
        if not _HEAD_RE.match(rest):
            continue
        cut = _action_re().search(rest)
        rest = rest[: cut.start()] if cut else rest
        for n in split_agencies(rest.strip(" ,")):
            if _HEAD_RE.match(n) and n not in out:
                out.append(n)
    led = re.search(r"\bchủ trì\b", text, re.I)
    for m in _SUBJECT_PARTNERS.finditer(text):
        if led is None or m.start(1) < led.end() or not _HEAD_RE.match(m.group(1)):
            continue
        names = split_agencies(m.group(1))
        if names and all(_agency_shaped(n) for n in names):
            out += [n for n in names if n not in out]
    return out


# words after which a head word is part of the same name ("Văn phòng Tỉnh ủy", "Học viện thuộc
# Bộ Công an"), besides the head words themselves
_BINDS_NEXT = ("thuộc", "trực thuộc", "của", "và", "với", "cùng", "cùng với", "giúp", "tại")


def fused_lines(text: str) -> list[str]:
    """A cell's names written one per line, read back from the space the reader joined them with:
    "UBND xã, phường, đặc khu Sở Tài chính" → ["UBND xã, phường, đặc khu", "Sở Tài chính"].

    A new name opens at a head word written with a capital right after a lower-case word, when the
    text before it is a whole name (one the vocabulary knows, or ending in a level or place word:
    "… đặc khu", "… tỉnh", "… liên quan") and the text after it reads as an agency; or at a capital
    "Các", which never opens a word inside a name. A head after a head word or a linking word stays
    in the name ("Ủy ban Mặt trận Tổ quốc", "Văn phòng Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy") unless
    the text before it is a complete known name (_known_name_then_another: "Bộ Công an UBND …")."""
    global _HEAD_RE
    if _HEAD_RE is None:
        _HEAD_RE = _head_re()
    heads = vocab.lower_list("agencies", "heads")
    ends = vocab.lower_list("agencies", "collective_words") + vocab.lower_list(
        "agencies", "place_words"
    )
    out: list[str] = []
    start = 0
    for m in re.finditer(r"(?:(?<=[^\W\d_])|(?<=\))) (?=[A-ZĐÀ-Ỹ])", text):
        right = text[m.end() :]
        if not _HEAD_RE.match(right):
            continue
        left = split_outside_parens(text[start : m.start()], ",;")[-1][1].strip()
        right_name = re.split(r"[,;(]", right)[0].strip()
        if _known_name_then_another(left, right_name):
            out.append(text[start : m.start()].strip())
            start = m.end()
            continue
        if left.endswith(")"):
            continue  # after a note, only a known name ends the name
        low = left.lower()
        words = low.split()
        if not words or not words[-1][:1].islower():
            continue
        if any(low == w or low.endswith(" " + w) for w in heads + _BINDS_NEXT):
            continue
        whole_left = lookup(left) is not None or any(
            low == w or low.endswith(" " + w) for w in ends
        )
        if right.startswith("Các ") or (whole_left and _agency_shaped(right_name)):
            out.append(text[start : m.start()].strip())
            start = m.end()
    out.append(text[start:].strip())
    return [x for x in out if x]


def _known_name_then_another(left: str, right_name: str) -> bool:
    """Whether a head word opens a second agency right after a complete one the vocabulary knows:
    a narrow PDF column cannot tell a new paragraph from a wrapped name, so "Bộ Nông nghiệp và Môi
    trường Bộ Công Thương", "Bộ Công an UBND thành phố Hà Nội", "Đài Tiếng nói Việt Nam Thông tấn
    xã Việt Nam" come joined. The left part must be known as it stands (a role note after it may
    stay: "Bộ Y tế (chủ trì) UBND các tỉnh"), the right part must name a body, not be a bare head
    word ("… và Đông Nam Bộ"), and the two together must not be one name the vocabulary knows
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"): a whole that lookup reads as the left part's own
    unit ("Bộ Y tế UBND các tỉnh" read as "Bộ Y tế" + place words) is still two. A head after a
    linking word ("Học viện thuộc Bộ Công an") stays in the name: the left part is not known."""
    unit = lookup(left) if left else None
    if unit is None or lookup(f"{clean_name(left)} {right_name}") not in (None, unit):
        return False
    if len(right_name.split()) < 2 or right_name.lower() in vocab.lower_list("agencies", "heads"):
        return False
    return _agency_shaped(right_name)


def _agency_shaped(name: str) -> bool:
    """Whether one split name reads as an agency: a collective, a unit the vocabulary knows, or a
    head word followed by a proper name ("Sở Tài chính"), an abbreviation's body ("UBND xã") or
    level words ("Ủy ban nhân dân các xã") — not a head word opening prose ("Bộ công cụ kiểm kê
    được ban hành", "Ban hành trong quý I")."""
    if is_collective(name) or lookup(name) is not None:
        return True
    low = name.lower()
    head = next((h for h in vocab.lower_list("agencies", "heads") if low.startswith(h + " ")), None)
    if head is None:
        return low in vocab.lower_list("agencies", "heads")
    rest = name[len(head) :].split()
    if not rest:
        return True
    levels = vocab.lower_list("agencies", "collective_words")
    first = rest[0].strip(",;")
    return (
        first[:1].isupper()
        or first.lower() in levels
        or first.lower() in vocab.lower_list("agencies", "collective_starts")
        or _opens_collective(name)
    )


def looks_like_agencies(text: str) -> bool:
    """Whether a table cell holds only agencies' names (and so belongs in an agency column): short,
    and every name it splits into is agency-shaped."""
    text = " ".join(str(text or "").split())
    if not text or len(text.split()) > 40:
        return False
    names = split_agencies(text)
    return bool(names) and all(_agency_shaped(n) for n in names)
