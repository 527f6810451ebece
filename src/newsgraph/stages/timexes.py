"""Time expressions (TIMEX3 values) resolved against the publication date.

One left-to-right pass over the tokens. At each token the pattern families are tried and the
longest match wins: fixed phrases ("today", "in the coming weeks"), calendar dates ("June 24",
"October 2023", "2015", "the 1990s"), weekdays ("on Tuesday evening"), relative dates ("last
week", "early next year", "the end of this month"), clock times ("6 a.m. on Tuesday"), durations
("six-week", "up to two months", "two weeks ago") and sets ("every week"). Relative expressions
are resolved against the publication date; a weekday, or a month without its year, takes the
tense of its clause (past: the previous one, future: the next one; news reports a weekday in a
past-tense clause as one of the last six days). Expressions such as "a year earlier" or "the
evening" are read from the last date the text mentioned. The word lists are data files:
stages/data/timex_words.tsv, timex_prefixes.tsv and timex_phrases.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from ..model import Timex
from .index import tokens

DATA_DIR = Path(__file__).parent / "data"
REFS = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}
PAST, FUTURE, MAYBE_FUTURE = "past", "future", "maybe-future"  # MAYBE: a modal or the present tense
NEAR = "near"  # a plan told in the past tense ("was due to speak on Monday"): the nearest such day

_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
_MODAL_AUX = {"would", "could", "may", "might", "can", "ca", "should", "must", "'d"}
_PERFECT_AUX = {"have", "has", "had", "'ve"}
_PAST_AUX = {"did", "was", "were"}
_PRESENT_AUX = {"is", "are", "am", "'re", "'m"}
_RANGE_JOINERS = {"to", "-", "–", "through", "until", "till", "and"}
_NOT_DATES = {"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT", "NORP", "GPE", "LOC"}
_NOT_YEARS = {"MONEY", "PERCENT", "QUANTITY"}
_CURRENCY = {"$", "€", "£", "¥", "us$", "usd", "eur", "no", "no.", "#"}
_HALF = {"Y": ("M", 12), "D": ("TH", 24), "TH": ("TM", 60), "TM": ("TS", 60)}
_TENS = {20, 30, 40, 50, 60, 70, 80, 90}
_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d-\d\d|WXX-\d)$")
_DURATION_VALUE = re.compile(r"^PT?[\dX.]")
_TIME_VALUE = re.compile(r"T(?:\d\d|[A-Z]{2})")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d\d))?(a\.?m\.?|p\.?m\.?)?$")
_YEAR_TOKEN = re.compile(r"^(?:(?:mid|early|late|end)-)?(\d{4})$")
_DECADE_TOKEN = re.compile(r"^(\d{3})0s$")
_SHORT_DECADE = re.compile(r"^(\d)0s$")
_ORDINAL_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_PERIOD_TOKEN = re.compile(r"^([qh])([1-4])$")


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, dict[str, str]]  # word -> {class: value}
    prefixes: dict[str, list[tuple[tuple[str, ...], str, str]]]  # first token -> (tokens, kind, effect), longest first
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first token -> (tokens, value), longest first
    triggers: frozenset[str]


def _rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
    return [(ln.split("\t") + ["", ""])[:3] for ln in lines[1:]]  # the first line is the header


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    words: dict[str, dict[str, str]] = {}
    for word, cls, value in _rows("timex_words.tsv"):
        words.setdefault(word, {})[cls] = value
    prefixes: dict[str, list] = {}
    for phrase, kind, effect in _rows("timex_prefixes.tsv"):
        toks = tuple(phrase.split())
        prefixes.setdefault(toks[0], []).append((toks, kind, effect))
    phrases: dict[str, list] = {}
    for phrase, value, _ in _rows("timex_phrases.tsv"):
        toks = tuple(phrase.split())
        phrases.setdefault(toks[0], []).append((toks, value))
    for table in (prefixes, phrases):
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
    quiet = {"yearcue", "intent", "report", "timezone", "ampm", "shift"}
    triggers = {w for w, classes in words.items() if set(classes) - quiet} | set(prefixes) | set(phrases) | {"the", "'"}
    return _Lexicon(words, prefixes, phrases, frozenset(triggers))


@dataclass
class _Hit:
    start: int  # token indexes [start, end)
    end: int
    value: str  # "" for a phrase that only blocks others ("as soon as")
    type: str = ""

    def __post_init__(self):
        if not self.type:
            self.type = _type_of(self.value)


def _type_of(value: str) -> str:
    if value in REFS:
        return "DATE"
    if _DURATION_VALUE.match(value):
        return "DURATION"
    if _TIME_VALUE.search(value):
        return "TIME"
    return "DATE"


def _published(value) -> tuple[int | None, int | None, date | None]:
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(value or ""))
    if not m:
        return None, None, None
    year = int(m.group(1))
    if not 1000 <= year <= 9000:
        return None, None, None
    month = int(m.group(2)) if m.group(2) and 1 <= int(m.group(2)) <= 12 else None
    day = None
    if month and m.group(3):
        try:
            day = date(year, month, int(m.group(3)))
        except ValueError:
            day = None
    return year, month, day


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + k
    return n // 12, n % 12 + 1


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _ref(offset: int) -> str:
    return "PAST_REF" if offset < 0 else "FUTURE_REF" if offset > 0 else "PRESENT_REF"


def _duration(n, code: str) -> str:
    """TIMEX3 duration of n units; the unit code comes from timex_words.tsv ("D", "2W", "10Y", "TH")."""
    mult = int(re.match(r"\d*", code).group() or 1)
    unit = code.lstrip("0123456789")
    if n == "X":
        letter = {10: "DE", 100: "CE"}.get(mult, unit.lstrip("T"))
        return ("PTX" if unit.startswith("T") else "PX") + letter
    total = n * mult
    if total != int(total) and unit in _HALF:
        unit, factor = _HALF[unit]
        total *= factor
    number = str(int(total)) if total == int(total) else f"{total:g}"
    return f"PT{number}{unit[1:]}" if unit.startswith("T") else f"P{number}{unit}"


def find_timexes(doc, published: str | None) -> list[Timex]:
    """Every time expression of the document, with its TIMEX3 value and exact character offsets."""
    scanner = _Scanner(doc, published)
    hits = scanner.run()
    out = []
    for h in hits:
        if h.value:
            span = doc[h.start : h.end]
            out.append(Timex(text=span.text, value=h.value, type=h.type, start=span.start_char, end=span.end_char))
    return out


class _Scanner:
    def __init__(self, doc, published):
        self.toks = tokens(doc)
        self.n = len(self.toks)
        self.low = [t.lower_ for t in self.toks] + [""] * 12  # padding: lookahead needs no bounds checks
        self.lex = _lexicon()
        self.year, self.month, self.day = _published(published)
        if self.day:
            self.pub_ref: tuple[date, str] | None = (self.day, "D")
        elif self.year:
            self.pub_ref = (date(self.year, self.month, 15), "M") if self.month else (date(self.year, 7, 1), "Y")
        else:
            self.pub_ref = None
        # The last date the text mentioned (the publication date to begin with): as a (date, granularity)
        # reference for "a year earlier", and the last day for clock times and "the evening".
        self.anchor = self.pub_ref
        self.anchor_day = self.day

    # ------------------------------------------------------------------ driver
    def run(self) -> list[_Hit]:
        hits = []
        i = 0
        triggers = self.lex.triggers
        while i < self.n:
            word = self.low[i]
            if word not in triggers and not word[:1].isdigit() and not word[-1:].isdigit():
                i += 1
                continue
            try:
                hit = self.best_at(i)
            except (ValueError, OverflowError):  # a date arithmetic outside the calendar
                hit = None
            if hit is None or self.overtaken(hit):
                i += 1
                continue
            hits.append(hit)
            self.note(hit)
            i = hit.end
        return hits

    def best_at(self, i: int) -> _Hit | None:
        best = None
        for hit in (self.m_date(i), self.m_time(i), self.m_duration(i), self.m_set(i)):
            if hit is not None and (best is None or hit.end > best.end):
                best = hit
        return best

    def overtaken(self, hit: _Hit) -> bool:
        """A longer expression starts inside this one: "in the past | 24 hours" yields to "the past 24 hours"."""
        for j in range(hit.start + 1, hit.end):
            try:
                other = self.best_at(j)
            except (ValueError, OverflowError):
                other = None
            if other is not None and other.end > hit.end:
                return True
        return False

    def note(self, hit: _Hit) -> None:
        m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", hit.value)
        if not m or hit.type in ("DURATION", "SET"):
            return
        year = int(m.group(1))
        if m.group(3):
            self.anchor_day = date(year, int(m.group(2)), int(m.group(3)))
            self.anchor = (self.anchor_day, "D")
        elif m.group(2):
            self.anchor = (date(year, int(m.group(2)), 15), "M")
        else:
            self.anchor = (date(year, 7, 1), "Y")

    # ------------------------------------------------------------------ token helpers
    def cls(self, i: int, name: str) -> str | None:
        return self.lex.words.get(self.low[i], {}).get(name)

    def glued(self, i: int) -> bool:
        """Token i is followed by the next one without a space ("six-week")."""
        return i < self.n and not self.toks[i].whitespace_

    def month_at(self, i: int) -> int | None:
        value = self.cls(i, "month")
        if value is None:
            return None
        t = self.toks[i]
        if not t.text[:1].isupper() or t.tag_ == "MD" or t.tag_.startswith("VB") or t.ent_type_ in _NOT_DATES:
            return None
        return int(value)

    def number_at(self, i: int) -> int | None:
        """A plain integer token ("24", "1,500")."""
        word = self.low[i]
        if word and word.replace(",", "").isdigit() and len(word) <= 9:
            return int(word.replace(",", ""))
        return None

    def year_at(self, i: int) -> int | None:
        word = self.low[i]
        if len(word) == 4 and word.isdigit() and 1000 <= int(word) <= 2199:
            return int(word)
        return None

    def day_at(self, i: int) -> int | None:
        m = _ORDINAL_DAY.match(self.low[i])
        if m and 1 <= int(m.group(1)) <= 31:
            return int(m.group(1))
        return None

    def prefixes_at(self, i: int, kinds: tuple[str, ...]):
        for toks, kind, effect in self.lex.prefixes.get(self.low[i], ()):
            if kind in kinds and tuple(self.low[i : i + len(toks)]) == toks:
                yield i + len(toks), kind, effect

    # ------------------------------------------------------------------ tense
    def direction(self, start: int, end: int) -> str | None:
        """PAST, FUTURE or MAYBE_FUTURE from the clause that governs tokens [start, end), or None."""
        if start > 0 and self.low[start - 1] == "since":
            return PAST
        t = self.toks[start]
        for tok in self.toks[start:end]:
            if not start <= tok.head.i < end:
                t = tok
                break
        for _ in range(12):
            if t.pos_ in ("VERB", "AUX"):
                if t.dep_ == "ccomp" and t.head.i < start and any(c.dep_ == "nsubj" and c.i >= end for c in t.lefts):
                    t = t.head  # "said on Wednesday it would ...": the time belongs to the reporting verb
                tense = self.verb_tense(t)
                if tense:
                    return tense
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    def verb_tense(self, verb) -> str | None:
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & _PERFECT_AUX:
            return PAST
        if aux & _FUTURE_AUX:
            return FUTURE
        if aux & _MODAL_AUX:
            return MAYBE_FUTURE
        if verb.tag_ == "VBD" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
            return MAYBE_FUTURE  # "if his side lost the vote on October 26, ..."
        if aux & _PAST_AUX or verb.tag_ == "VBD":
            return PAST
        if verb.tag_ in ("VBZ", "VBP") or aux & _PRESENT_AUX:
            classes = self.lex.words.get(verb.lemma_.lower(), {})
            if "intent" in classes and not aux & _PRESENT_AUX:
                return FUTURE  # "the two countries plan a forum in September"
            return PAST if "report" in classes else MAYBE_FUTURE
        if verb.tag_ == "VB":
            if "to" in aux:
                head = verb.head
                intent = self.lex.words.get(head.lemma_.lower(), {}) or self.lex.words.get(head.lower_, {})
                if "intent" not in intent:
                    return None
                if self.past_frame(head):
                    return NEAR  # "was due to speak later on Wednesday": the plan as it stood, not the future
                return FUTURE
            return MAYBE_FUTURE if verb.dep_ == "ROOT" else None
        if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and verb.i > 0 and self.low[verb.i - 1] == ",":
            # a participle set off by commas: "the measures, unveiled on June 10, would ..."
            return FUTURE if "scheduled" in self.lex.words.get(verb.lemma_.lower(), {}) else PAST
        return None  # another participle without auxiliaries: the governing verb decides

    @staticmethod
    def past_frame(head) -> bool:
        """A schedule told in the past tense: "was due", "were expected", "was scheduled" (not "agreed",
        whose plan lies ahead of the agreement)."""
        if head.tag_ not in ("JJ", "VBN"):
            return False
        around = list(head.children) + ([head.head] if head.dep_ in ("acomp", "attr") else [])
        return any(t.tag_ == "VBD" and t.lower_ in _PAST_AUX for t in around)

    # ------------------------------------------------------------------ resolution
    def resolve_weekday(self, wd: int, way: str | None, strict: int = 0) -> str:
        """The weekday nearest the publication date: back (past, the default) or ahead; strict=-1/+1
        for "last"/"next" (never the publication day itself)."""
        if self.day is None:
            return f"XXXX-WXX-{wd + 1}"
        today = self.day.weekday()
        if strict < 0:
            delta = -(((today - wd - 1) % 7) + 1)
        elif strict > 0:
            delta = ((wd - today - 1) % 7) + 1
        elif way in (FUTURE, MAYBE_FUTURE):
            delta = (wd - today) % 7
        elif way == NEAR:
            back, ahead = -((today - wd) % 7), (wd - today) % 7
            delta = back if -back <= ahead else ahead
        else:
            delta = -((today - wd) % 7)
        return (self.day + timedelta(days=delta)).isoformat()

    def resolve_year(self, month: int, day: int | None, way: str | None) -> int | None:
        """The year of a month (and day) written without one: the last one (past), the next one
        (future), or the nearest to the publication date."""
        if self.year is None or self.month is None:
            return None
        pub = (self.month, self.day.day if self.day and day else 0)
        here = (month, day or 0)
        if way == PAST:
            return self.year if here <= pub else self.year - 1
        if way == FUTURE or (way == MAYBE_FUTURE and (month - pub[0]) % 12 <= 6):
            # a modal or a present tense ("would run until July 29") is trusted only for the next half year
            return self.year if here >= pub else self.year + 1
        best, best_gap = self.year, None
        for y in (self.year - 1, self.year, self.year + 1):
            gap = abs((y * 12 + month) * 31 + (day or 0) - ((self.year * 12 + pub[0]) * 31 + pub[1]))
            if best_gap is None or gap < best_gap:
                best, best_gap = y, gap
        return best

    def month_day(self, month: int, day: int | None, year: int | None, start: int, end: int) -> str | None:
        if year is None:
            year = self.resolve_year(month, day, self.direction(start, end))
        if day is not None:
            if year is None:
                return f"XXXX-{month:02d}-{day:02d}" if day <= 31 else None
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return None
        return f"{year:04d}-{month:02d}" if year is not None else f"XXXX-{month:02d}"

    def relative(self, unit: str, offset: int, base: str) -> str | None:
        """The week/month/year... `offset` units from the publication date (base "pub") or from the
        last date mentioned (base "anchor")."""
        ref = self.anchor if base == "anchor" else self.pub_ref
        if ref is None or (unit in ("W", "WE") and ref[1] != "D") or (unit in ("M", "Q") and ref[1] == "Y"):
            return _ref(offset)
        day = ref[0]
        if unit in ("W", "WE"):
            return _week(day + timedelta(days=7 * offset)) + ("-WE" if unit == "WE" else "")
        if unit == "M":
            y, m = _add_months(day.year, day.month, offset)
            return f"{y:04d}-{m:02d}"
        if unit == "Q":
            y, q = divmod(day.year * 4 + (day.month - 1) // 3 + offset, 4)
            return f"{y:04d}-Q{q + 1}"
        if unit == "Y":
            return f"{day.year + offset:04d}"
        if unit == "10Y":
            return f"{day.year + 10 * offset:04d}"[:3]
        return None

    def season(self, code: str, offset: int | None, year: int | None) -> str | None:
        if year is not None:
            return f"{year:04d}-{code}"
        if self.year is None or self.month is None:
            return _ref(offset or 0)
        start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        now = self.year * 12 + self.month - 1
        spans = [(y, y * 12 + start - 1) for y in (self.year - 2, self.year - 1, self.year, self.year + 1)]
        if offset == -1:
            y = max(y for y, s in spans if s + 2 < now)
        elif offset == 1:
            y = min(y for y, s in spans if s > now)
        else:
            inside = [y for y, s in spans if s <= now <= s + 2]
            y = inside[0] if inside else self.year
        return f"{y:04d}-{code}"

    def phrase_value(self, code: str, start: int, end: int) -> str | None:
        if code == "-" or code in REFS:
            return "" if code == "-" else code
        if code.startswith("md:"):
            month, day = (int(x) for x in code[3:].split("-"))
            return self.month_day(month, day, None, start, end)
        m = re.fullmatch(r"(day|anchor)([+-]\d+)?(?:@(\w\w))?", code)
        if not m:
            return None
        base = self.day if m.group(1) == "day" else self.anchor_day
        offset = int(m.group(2) or 0)
        if base is None:
            return _ref(offset) if m.group(1) == "day" else None
        value = (base + timedelta(days=offset)).isoformat()
        return value + ("T" + m.group(3) if m.group(3) else "")

    # ------------------------------------------------------------------ dates
    def m_date(self, i: int) -> _Hit | None:
        best = self.core(i)
        for j, kind, effect in self.prefixes_at(i, ("date", "day")):
            hit = self.core(j, after_prefix=True)
            if hit is None or not hit.value:
                continue
            if kind == "day" and not _DAY_VALUE.match(hit.value.split("T")[0]):
                continue
            value = hit.value
            if effect and re.fullmatch(r"\d{4}", value):
                value = f"{value}-{effect}"
            if best is None or hit.end > best.end:
                best = _Hit(i, hit.end, value)
        return best

    def core(self, j: int, after_prefix: bool = False) -> _Hit | None:
        best = None
        for hit in (
            self.c_phrase(j),
            self.c_relative(j, after_prefix),
            self.c_absolute(j),
            self.c_weekday(j),
            self.c_the_period(j),
        ):
            if hit is not None and (best is None or hit.end > best.end):
                best = hit
        if best is None or not _DAY_VALUE.match(best.value):
            return best
        k = best.end
        part = self.cls(k, "partday")
        if part:
            return _Hit(best.start, k + 1, f"{best.value}T{part}")
        if self.low[k] == "at":
            clock = self.clock(k + 1)
            if clock:
                return _Hit(best.start, clock[1], f"{best.value}T{clock[0]}")
        return best

    def c_phrase(self, j: int) -> _Hit | None:
        for toks, code in self.lex.phrases.get(self.low[j], ()):
            end = j + len(toks)
            if tuple(self.low[j:end]) == toks:
                last = self.toks[end - 1]
                if end < self.n and last.dep_ == "amod" and last.head.i >= end:
                    continue  # "in the future government": an adjective, not a time
                value = self.phrase_value(code, j, end)
                if value is not None:
                    return _Hit(j, end, value)
        return None

    def c_relative(self, j: int, after_prefix: bool = False) -> _Hit | None:
        rel = self.cls(j, "relative")
        if rel is None:
            if not (after_prefix and self.low[j] == "the" and self.cls(j + 1, "unit") in ("W", "M", "Y", "10Y")):
                return None
            rel = "0:pub"  # "the end of the year"
        offset, base = int(rel.split(":")[0]), rel.split(":")[1]
        k = j + 1
        unit = self.cls(k, "unit")
        if unit and not self.low[k].endswith("s") and unit in ("W", "WE", "M", "Y", "Q", "10Y"):
            value = self.relative(unit, offset, base)
            return _Hit(j, k + 1, value) if value else None
        month = self.month_at(k)
        if month is not None:
            if base == "anchor":
                year = self.anchor[0].year if self.anchor else None
            elif self.year is None or self.month is None:
                year = None
            elif offset < 0:
                year = self.year if month < self.month else self.year - 1
            elif offset > 0:
                year = self.year if month > self.month else self.year + 1
            else:
                year = self.year
            return _Hit(j, k + 1, f"{year:04d}-{month:02d}" if year else f"XXXX-{month:02d}")
        wd = self.cls(k, "weekday")
        if wd is not None and base == "pub":
            way = self.direction(j, k + 1) if offset == 0 else None
            return _Hit(j, k + 1, self.resolve_weekday(int(wd), way, strict=offset))
        code = self.cls(k, "season")
        if code is not None and base == "pub":
            return _Hit(j, k + 1, self.season(code, offset, None))
        return None

    def c_the_period(self, j: int) -> _Hit | None:
        """ "over the weekend", "in the summer": the nearest one in the tense of the clause (a past tense:
        the last one, or the one under way)."""
        if self.low[j] != "the" or self.low[j + 2] in ("of", "'s", "’s") or self.year is None:
            return None
        word = self.low[j + 1]
        way = self.direction(j, j + 2)
        if self.cls(j + 1, "unit") == "WE" and word == "weekend" and self.low[j - 1] in ("over", "at", "during", "on"):
            if self.day is None:
                return None
            d = self.day
            if d.weekday() < 5 and way not in (FUTURE, MAYBE_FUTURE):
                d -= timedelta(days=d.weekday() + 1)  # the Sunday before
            return _Hit(j, j + 2, _week(d) + "-WE")
        code = self.cls(j + 1, "season")
        if code is not None and self.month is not None and self.low[j - 1] in ("in", "during", "over", "by"):
            value = self.season(code, None, None)
            start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
            year = int(value[:4])
            if way == PAST and (year * 12 + start) > (self.year * 12 + self.month):
                year -= 1
            elif way in (FUTURE, MAYBE_FUTURE) and (year * 12 + start + 2) < (self.year * 12 + self.month):
                year += 1
            return _Hit(j, j + 2, f"{year:04d}-{code}")
        return None

    def c_weekday(self, j: int) -> _Hit | None:
        wd = self.cls(j, "weekday")
        if wd is None or self.toks[j].ent_type_ in _NOT_DATES:
            return None
        if self.low[j + 1] == ",":  # "Tuesday, Oct. 22": the written date decides
            written = self.c_absolute(j + 2)
            if written is not None and _DAY_VALUE.match(written.value):
                return _Hit(j, written.end, written.value)
        if self.low[j + 1] in ("'s", "’s"):  # "Saturday's election": past, unless it is still "ahead of" us
            way = FUTURE if self.low[j - 2 : j] == ["ahead", "of"] else PAST
        else:
            way = self.direction(j, j + 1)
        return _Hit(j, j + 1, self.resolve_weekday(int(wd), way))

    def c_absolute(self, j: int) -> _Hit | None:
        word = self.low[j]
        month = self.month_at(j)
        if month is not None:
            return self.from_month(j, month)
        if word == "'" and _SHORT_DECADE.match(self.low[j + 1]) and self.glued(j):
            digit = int(self.low[j + 1][0])
            return _Hit(j, j + 2, ("19" if digit >= 3 else "20") + str(digit))
        m = _DECADE_TOKEN.match(word)
        if m and 100 <= int(m.group(1)) <= 219:
            return _Hit(j, j + 1, m.group(1))
        m = _PERIOD_TOKEN.match(word)
        if m:
            year = self.year_at(j + 1)
            return _Hit(j, j + 2, f"{year}-{m.group(1).upper()}{m.group(2)}") if year else None
        code = self.cls(j, "season")
        if code is not None:
            k = j + 2 if self.low[j + 1] == "of" else j + 1
            year = self.year_at(k)
            return _Hit(j, k + 1, self.season(code, None, year)) if year else None
        nth = self.cls(j, "ordinal") or (word[:-2] if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", word) else None)
        if nth and self.low[j + 1] in ("century", "centuries"):
            return _Hit(j, j + 2, f"{int(nth) - 1:02d}")
        day = self.day_at(j)
        if day is not None and not (j > 0 and self.low[j - 1] in _CURRENCY):
            k = j + 2 if self.low[j + 1] == "of" else j + 1
            month = self.month_at(k)
            if month is not None:
                year = self.year_at(k + 1)
                value = self.month_day(month, day, year, j, k + 1)
                return _Hit(j, k + 2 if year else k + 1, value) if value else None
        m = _YEAR_TOKEN.match(word)
        if m and self.year_at(j) is None and 1000 <= int(m.group(1)) <= 2199:  # "mid-2025"
            return _Hit(j, j + 1, m.group(1))
        if self.year_at(j) is not None:
            iso = "".join(self.low[j : j + 5])  # "2024-10-10", split by the tokenizer
            if re.fullmatch(r"\d{4}-\d\d-\d\d", iso) and all(self.glued(x) for x in range(j, j + 4)):
                try:
                    return _Hit(j, j + 5, date(int(iso[:4]), int(iso[5:7]), int(iso[8:])).isoformat())
                except ValueError:
                    pass
            if self.yearlike(j):
                return _Hit(j, j + 1, word)
        return None

    def from_month(self, j: int, month: int) -> _Hit | None:
        k = j + 1
        day = self.day_at(k)
        year = None
        if day is not None and self.year_at(k) is None:
            k += 1
            if self.low[k] == "," and self.year_at(k + 1):
                year, k = self.year_at(k + 1), k + 2
            elif self.year_at(k):
                year, k = self.year_at(k), k + 1
        else:
            day = None
            if self.low[k] == "of" and self.year_at(k + 1):
                year, k = self.year_at(k + 1), k + 2
            elif self.year_at(k):
                year, k = self.year_at(k), k + 1
        if year is None:
            year = self.range_year(k)
        if year is None:
            year, k = self.relative_year(k)
        value = self.month_day(month, day, year, j, k)
        return _Hit(j, k, value) if value else None

    def relative_year(self, k: int) -> tuple[int | None, int]:
        """ "August last year", "June 3 next year", "March of this year": (the year, the token after it)."""
        m = k + 1 if self.low[k] == "of" else k
        rel = self.cls(m, "relative")
        if rel is None or self.cls(m + 1, "unit") != "Y" or self.low[m + 1] != "year":
            return None, k
        offset, base = int(rel.split(":")[0]), rel.split(":")[1]
        value = self.relative("Y", offset, base)
        return (int(value), m + 2) if value and value.isdigit() else (None, k)

    def range_year(self, k: int) -> int | None:
        """The year a range writes once, at its end: "from January to October 2023"."""
        if self.low[k] not in _RANGE_JOINERS or self.month_at(k + 1) is None:
            return None
        m = k + 2
        if self.day_at(m) is not None and self.year_at(m) is None:
            m += 1
        if self.low[m] == ",":
            m += 1
        return self.year_at(m)

    def yearlike(self, j: int) -> bool:
        """A bare four-digit number that names a year, not a count ("2,000 troops", "2000 troops")."""
        tok = self.toks[j]
        if tok.ent_type_ in _NOT_YEARS or (tok.dep_ == "nummod" and tok.head.tag_ == "NNS"):
            return False
        if j + 1 < self.n:
            nxt = self.toks[j + 1]
            if nxt.tag_ == "NNS" or nxt.lower_ in ("%", "percent", "per"):
                return False
        prev = self.low[j - 1] if j > 0 else ""
        if prev in _CURRENCY:
            return False
        return tok.ent_type_ == "DATE" or "yearcue" in self.lex.words.get(prev, {})

    # ------------------------------------------------------------------ clock times
    def clock(self, j: int) -> tuple[str, int] | None:
        """A clock time at token j: ("HH:MM" or "HH", end token)."""
        word = self.low[j]
        if self.cls(j, "clock"):
            return self.cls(j, "clock"), j + 1
        m = _CLOCK.match(word)
        if not m:
            if len(word) == 4 and word.isdigit() and self.cls(j + 1, "timezone") is not None:  # "1400 GMT"
                hour, minute = int(word[:2]), int(word[2:])
                return (f"{hour:02d}:{minute:02d}", j + 2) if hour < 24 and minute < 60 else None
            return None
        hour, minute, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        k = j + 1
        if ampm is None and self.cls(k, "ampm"):
            ampm, k = self.cls(k, "ampm"), k + 1
        if ampm is None and (m.group(2) is None or self.low[j - 1] not in ("at", "about", "around", "by", "until")):
            return None
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        if hour > 23 or minute > 59:
            return None
        if self.cls(k, "timezone") is not None:
            k += 1
        elif self.low[k] == "local" and self.low[k + 1] == "time":
            k += 2
        return f"{hour:02d}:{minute:02d}", k

    def m_time(self, i: int) -> _Hit | None:
        starts = [i] + [j for j, _, _ in self.prefixes_at(i, ("approx",))]
        for j in sorted(starts, reverse=True):
            clock = self.clock(j)
            if clock is None:
                continue
            value, k = clock
            on = k + 1 if self.low[k] in ("on", ",") else k
            written = self.core(on)
            if written is not None and _DAY_VALUE.match(written.value):
                return _Hit(i, written.end, f"{written.value}T{value}")
            day = self.anchor_day
            if day and self.day and day > self.day and self.direction(j, k) == PAST:
                day = self.day  # "took effect at midnight" after talk of a coming Sunday
            return _Hit(i, k, f"{day.isoformat() if day else 'XXXX-XX-XX'}T{value}")
        return None

    # ------------------------------------------------------------------ durations and sets
    def number(self, j: int) -> tuple[object, int, bool] | None:
        """A count at token j: (value, next token, written with an article)."""
        word, nxt = self.low[j], self.low[j + 1]
        if word in ("a", "an"):
            if nxt == "half":
                return 0.5, j + 2, False
            if nxt == "quarter" and self.low[j + 2] == "of" and self.low[j + 3] in ("a", "an"):
                return 0.25, j + 4, False  # "a quarter of a century"
            if nxt == "few":
                return "X", j + 2, False
            if nxt == "couple" and self.low[j + 2] == "of":
                return 2, j + 3, False
            if nxt == "dozen":
                return 12, j + 2, False
            return 1, j + 1, True
        if word == "half" and nxt in ("a", "an"):
            return 0.5, j + 2, False
        if self.number_at(j) is not None:
            return self.and_a_half(self.number_at(j), j + 1) if 0 < self.number_at(j) <= 100_000 else None
        if re.fullmatch(r"\d{1,4}\.\d+", word) and float(word) > 0:
            return float(word), j + 1, False
        value = self.cls(j, "number")
        if value is None or word in ("couple", "dozen"):
            return None
        if value == "X":
            return "X", j + 1, False
        value = int(value)
        if value in _TENS and nxt == "-" and self.glued(j) and (self.cls(j + 2, "number") or "X").isdigit():
            units = int(self.cls(j + 2, "number"))
            if units < 10:
                return self.and_a_half(value + units, j + 3)
        return self.and_a_half(value, j + 1)

    def and_a_half(self, value: int, k: int) -> tuple[object, int, bool]:
        if self.low[k] == "and" and self.low[k + 1] in ("a", "an") and self.low[k + 2] == "half":
            return value + 0.5, k + 3, False  # "three and a half years"
        return value, k, False

    def m_duration(self, i: int) -> _Hit | None:
        starts = [(j, True) for j, _, _ in self.prefixes_at(i, ("approx",))] + [(i, False)]
        for j, approx in starts:
            hit = self.duration_at(i, j, approx)
            if hit is not None:
                return hit
        return None

    def duration_at(self, i: int, j: int, approx: bool) -> _Hit | None:
        low = self.low
        if low[j] == "the" and low[j + 1] in ("past", "last", "next", "previous"):  # "the past 24 hours"
            counted = self.number(j + 2)
            n, k = (counted[0], counted[1]) if counted and not counted[2] else (1, j + 2)
            unit = self.cls(k, "unit")
            if unit and unit not in ("WE", "Q") and low[k + 1] != "of":  # not "the last week of June"
                return _Hit(i, k + 1, _duration(n, unit))
            return None
        unit = self.cls(j, "unit")
        if unit and low[j + 1] == "-" and low[j + 2] == "long" and self.glued(j) and self.glued(j + 1):
            return _Hit(i, j + 3, _duration(1, unit)) if unit not in ("WE", "Q") else None  # "week-long"
        if unit and low[j].endswith("s") and self.cls(j + 1, "shift") and low[j + 1] not in ("before", "after"):
            return self.shifted(i, j + 2, "X", unit, low[j + 1])  # "hours earlier", "years ago"
        counted = self.number(j)
        if counted is None:
            return None
        n, k, article = counted
        hyphen = low[k] == "-" and self.glued(k - 1) and self.glued(k)
        if hyphen:
            k += 1
        unit = self.cls(k, "unit")
        if unit is None or unit in ("WE", "Q"):
            return None
        if n == "X" and not low[k].endswith("s"):
            return None
        end = k + 1
        if low[end] == "-" and self.glued(k) and low[end + 1] in ("old", "long"):
            if low[end + 1] == "old":  # an age
                return None
            end += 2
        shift = low[end]
        if not hyphen and self.cls(end, "shift") and shift not in ("before", "after"):
            return self.shifted(i, end + 1, n, unit, shift)
        if article and (low[k] == "second" or self.is_rate(j)):  # "a second", "98 trucks a day"
            return None
        if n == "X" and not approx and low[i - 1] not in ("for", "over", "in", "within"):
            return None
        return _Hit(i, end, _duration(n, unit))

    def is_rate(self, j: int) -> bool:
        """ "a day" after a count or a counted noun is a rate, not a duration."""
        if j == 0:
            return False
        prev = self.toks[j - 1]
        return prev.tag_ in ("CD", "NN", "NNS", "NNP", "NNPS") or prev.lower_ in ("once", "twice", "thrice", "times")

    def shifted(self, i: int, end: int, n, unit: str, shift: str) -> _Hit | None:
        """ "two weeks ago" (from the publication date), "a year earlier", "seven weeks later" (from the
        last date mentioned, at no finer a granularity than that date was given)."""
        offset, base = self.cls(end - 1, "shift").split(":")
        sign = int(offset)
        ref = self.pub_ref if base == "pub" else self.anchor
        mult = int(re.match(r"\d*", unit).group() or 1)
        bare = unit.lstrip("0123456789")
        if ref is None or n == "X" or isinstance(n, float):
            if ref is not None and bare in ("TH", "TM"):  # "hours earlier"
                return _Hit(i, end, self.formatted(ref[0], ref[1]))
            return _Hit(i, end, _ref(sign)) if shift != "later" else None
        day, gran = ref
        if bare in ("D", "W"):
            day += timedelta(days=sign * n * mult * (7 if bare == "W" else 1))
        elif bare == "M":
            y, m = _add_months(day.year, day.month, sign * n * mult)
            day, gran = date(y, m, min(day.day, 28)), "M" if gran == "D" else gran
        elif bare == "Y":
            day, gran = date(day.year + sign * n * mult, day.month, min(day.day, 28)), "Y"
        return _Hit(i, end, self.formatted(day, gran))

    @staticmethod
    def formatted(day: date, gran: str) -> str:
        return (
            day.isoformat() if gran == "D" else f"{day.year:04d}-{day.month:02d}" if gran == "M" else f"{day.year:04d}"
        )

    def m_set(self, i: int) -> _Hit | None:
        if not self.cls(i, "set"):
            return None
        k, every = i + 1, 1
        if self.low[k] == "other":
            k, every = k + 1, 2
        counted = self.number(k)
        if counted and not counted[2] and counted[0] != "X":
            every, k = every * counted[0], counted[1]
        unit = self.cls(k, "unit")
        if unit and unit not in ("WE", "Q"):
            return _Hit(i, k + 1, _duration(every, unit), "SET")
        if self.cls(k, "weekday") is not None:
            return _Hit(i, k + 1, f"XXXX-WXX-{int(self.cls(k, 'weekday')) + 1}", "SET")
        if self.cls(k, "partday"):
            return _Hit(i, k + 1, f"XXXX-XX-XXT{self.cls(k, 'partday')}", "SET")
        month = self.month_at(k)
        if month is not None:
            return _Hit(i, k + 1, f"XXXX-{month:02d}", "SET")
        return None
