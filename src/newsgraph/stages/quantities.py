"""Quantities: numbers with units, scale words, change, period and attribution (SPEC.md, Quantities).

One pass over the tokens finds number phrases ("17.8 million", "two dozen", "5bn"); each is then read in its
context: a currency before or after it, a unit, percent sign or counted noun after it, approximators before it.
Numbers that are dates, times, durations, names ("M23", "Resolution 2728") or phone numbers are dropped.
The word lists are the TSV files in `quantity_data/`.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..kb import load_kb
from ..model import Quantity, TimeRef, Timex
from .index import tokens

DATA_DIR = Path(__file__).resolve().parent.parent / "quantity_data"

_NUMBER = re.compile(r"(?P<pre>\D*?)(?P<num>\d[\d,.]*)(?P<suf>[^\d,.]*)")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_HAS_DIGIT = re.compile(r"\d")
_LEAD = re.compile(r"\b(from|between|since)\s+$", re.IGNORECASE)
_DASHES = frozenset({"-", "–", "—"})
_NAME_ENTS = frozenset({"ORG", "PRODUCT", "LAW", "EVENT", "WORK_OF_ART", "FAC", "PERSON", "GPE", "LOC"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_MAX_DIGITS = 24
_AGO = frozenset({"earlier", "later", "ago", "before", "after"})


# ---------- the lexicons


@dataclass(frozen=True)
class Currency:
    code: str
    countries: frozenset[str]
    match: str  # default | context | modifier


@dataclass
class Lexicon:
    numbers: dict[str, tuple[float, str]] = field(default_factory=dict)
    units: dict[tuple[str, ...], tuple[str, float, str]] = field(default_factory=dict)
    currencies: dict[tuple[str, ...], list[Currency]] = field(default_factory=dict)
    changes: dict[tuple[str, str], str] = field(default_factory=dict)  # (word, role) -> direction
    roles: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def role(self, name: str) -> set[tuple[str, ...]]:
        return self.roles.get(name, set())


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA_DIR / name).read_text(encoding="utf-8").splitlines() if ln.strip() and ln[0] != "#"]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, [])
    return [dict(zip(header, (c.strip() for c in cells))) for cells in reader]


def _key(form: str) -> tuple[str, ...]:
    """Forms with capitals match exactly; the others match lower-cased tokens."""
    words = form.split()
    return tuple(words if any(ch.isupper() for ch in form) else (w.lower() for w in words))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lex = Lexicon()
    for r in _rows("numbers.tsv"):
        lex.numbers[r["word"].lower()] = (float(r["value"]), r["kind"])
    for r in _rows("units.tsv"):
        lex.units[_key(r["form"])] = (r["unit"], float(r["factor"] or 1), r["kind"])
    for r in _rows("currencies.tsv"):
        countries = frozenset(c for c in r["countries"].split("|") if c)
        lex.currencies.setdefault(_key(r["form"]), []).append(Currency(r["code"], countries, r["match"]))
    for r in _rows("changes.tsv"):
        lex.changes[(r["word"].lower(), r["role"])] = r["direction"]
    for r in _rows("words.tsv"):
        lex.roles.setdefault(r["role"], set()).add(_key(r["word"]))
    return lex


def _match(table, toks, low, i: int, limit: int, longest: int = 4):
    """(key, entry, length) of the longest entry of `table` (keyed by token tuples) that starts at token i and
    ends before `limit`; (None, None, 0) if there is none."""
    for n in range(min(longest, limit - i), 0, -1):
        for key in (tuple(low[i : i + n]), tuple(t.text for t in toks[i : i + n])):
            if key in table:
                return key, table[key], n
    return None, None, 0


def _ends_with(phrases: set[tuple[str, ...]], toks, low, end: int, floor: int, longest: int = 3) -> int:
    """Length of the longest phrase that ends right before token `end` (not reaching before `floor`)."""
    for n in range(min(longest, end - floor), 0, -1):
        if tuple(low[end - n : end]) in phrases or tuple(t.text for t in toks[end - n : end]) in phrases:
            return n
    return 0


# ---------- number phrases


@dataclass
class _Num:
    start: int  # first token of the numeral (scale words included)
    end: int
    value: float  # with the scale applied
    words: bool  # written in words ("Thirteen")
    scale: float = 1.0  # the scale word or suffix applied ("17.8 million", "5bn"), 1 if none
    currency: tuple[str, ...] | None = None  # a currency glued to the digits ("Rs500")
    money_scale: float = 0.0  # "m"/"b" after the digits: a scale only beside a currency ("$5 m")

    @property
    def scaled(self) -> bool:
        return self.scale != 1.0


def _parse_digits(text: str) -> float | None:
    if len(text) > _MAX_DIGITS:
        return None
    if _GROUPED.fullmatch(text):
        value = float(text.replace(",", ""))
    elif _DECIMAL_COMMA.fullmatch(text):
        value = float(text.replace(",", "."))  # "2,5 billion"
    else:
        return None  # "1,2,3", "5.5.5"
    return value if math.isfinite(value) else None


def _digit_token(text: str, lex: Lexicon):
    """(value, glued currency form, scale, money scale) of a token such as "1,500", "5bn" or "Rs500"; None for
    tokens that are not plain numbers ("M23", "2024B", "21st", "1990s", "1e309", "+1")."""
    m = _NUMBER.fullmatch(text)
    if not m:
        return None
    value = _parse_digits(m["num"])
    if value is None:
        return None
    pre, suf = m["pre"], m["suf"]
    cur = None
    if pre:
        cur = next((k for k in (_key(pre), (pre.lower(),)) if k in lex.currencies), None)
        if cur is None or (pre.isalpha() and pre.lower() != "rs"):
            return None
    scale, money = 1.0, 0.0
    if suf:
        entry = lex.numbers.get(suf.lower())
        if entry and entry[1] == "scale":
            scale = entry[0]
        elif entry and entry[1] == "scale_money" and cur is not None:
            money = entry[0]
        else:
            return None
    return value, cur, scale, money


def _read_words(low, i: int, n: int, lex: Lexicon):
    """A number written in words from token i: (value, end, scale) or None. Handles "Thirteen", "twenty-five",
    "two hundred and fifty", "two dozen", "three million", "a million", "half a million"."""
    if low[i] in ("a", "an", "half"):
        k = i + 1 + (low[i] == "half" and i + 1 < n and low[i + 1] in ("a", "an"))
        entry = lex.numbers.get(low[k]) if k < n and len(low[k]) > 2 else None
        if not entry or entry[1] not in ("scale", "multiplier", "hundred") or (low[i] == "half" and k == i + 1):
            return None
        return (0.5 if low[i] == "half" else 1.0) * entry[0], k + 1, entry[0]
    total, current, last, scale, j = 0.0, 0.0, None, 1.0, i
    while j < n:
        entry = lex.numbers.get(low[j])
        kind = entry[1] if entry else None
        nxt = lex.numbers.get(low[j + 1], (0, ""))[1] if j + 1 < n else ""
        if kind == "unit" and last in (None, "ten", "hundred", "scale", "and"):
            current += entry[0]
        elif kind == "ten" and last in (None, "hundred", "scale", "and"):
            current += entry[0]
        elif kind == "hundred" and last == "unit":
            current *= 100
        elif kind in ("scale", "multiplier") and last in ("unit", "ten", "hundred"):
            total, current, scale = total + current * entry[0], 0.0, entry[0]
        elif low[j] == "-" and last == "ten" and nxt == "unit":
            j += 1
            continue
        elif low[j] == "and" and last in ("hundred", "scale") and nxt in ("unit", "ten"):
            kind = "and"
        else:
            break
        last = kind
        j += 1
    if last is None or last == "and":
        return None
    return total + current, j, scale


def _number_phrases(toks, low, lex: Lexicon) -> list[_Num]:
    found: list[_Num] = []
    n, i = len(toks), 0
    while i < n:
        text = toks[i].text
        if _HAS_DIGIT.search(text):
            parsed = _digit_token(text, lex)
            if parsed is None:
                i += 1
                continue
            value, cur, scale, money = parsed
            j = i + 1
            entry = lex.numbers.get(low[j]) if j < n and scale == 1.0 and not money else None
            if entry and entry[1] in ("scale", "multiplier"):
                scale, j = entry[0], j + 1
            elif entry and entry[1] == "scale_money":
                money, j = entry[0], j + 1
            if math.isfinite(value * scale):
                found.append(_Num(i, j, value * scale, False, scale, cur, money))
            i = j
            continue
        if low[i] in lex.numbers or low[i] in ("a", "an"):
            read = _read_words(low, i, n, lex)
            if read is not None:
                found.append(_Num(i, read[1], read[0], True, read[2]))
                i = read[1]
                continue
        i += 1
    return found


# ---------- one article


@dataclass
class _Cand:
    num: _Num
    first: int  # first token of the text (approximator, currency)
    last: int  # last token of the text, inclusive
    value: float
    unit: str
    kind: str  # count | percent | currency | measure
    approximate: bool
    noun: object | None = None
    change: str | None = None
    unit_end: int = 0  # token after the unit (or the numeral)


class _Article:
    """What the stage needs to know about one document, computed once and only when needed."""

    def __init__(self, doc, toks, index, timexes, published, lex):
        self.doc, self.toks, self.index, self.lex = doc, toks, index, lex
        self.text = "".join(t.text_with_ws for t in toks)  # doc.text rebuilds the tokens on every access
        self.low = [t.lower_ for t in toks]
        self.timexes = sorted((t for t in timexes if t.start < t.end), key=lambda t: t.start)
        self.published = published
        self._sents = None
        self._countries = None
        self._attribution: dict[int, str | None] = {}

    @property
    def sents(self) -> list[tuple[int, int]]:
        if self._sents is None:
            self._sents = [(s.start, s.end) for s in self.doc.sents]
        return self._sents

    def sent_of(self, i: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sents[mid][0] <= i:
                lo = mid
            else:
                hi = mid - 1
        return self.sents[lo]

    def nearest_country(self, at: int, sentence: tuple[int, int], wanted: set[str]) -> str | None:
        """The country among `wanted` whose mention in the sentence is nearest to token `at`."""
        best, best_d = None, len(self.toks)
        for i in range(*sentence):
            e = self.index.entity(self.index.at(i))
            if e is not None and e.country in wanted and abs(i - at) < best_d:
                best, best_d = e.country, abs(i - at)
        return best

    def countries(self) -> Counter:
        """Mentions per country over the article: the context for ambiguous currency names."""
        if self._countries is None:
            self._countries = Counter()
            for e in self.index.entities.values():
                if e.country:
                    self._countries[e.country] += len(e.mentions)
        return self._countries

    def entity_of(self, tok) -> str | None:
        """The entity a noun phrase names: its head, else a name among its left modifiers ("Commission figures")."""
        eid = self.index.of_phrase(tok)
        if eid:
            return eid
        found = self.index.in_range(tok.left_edge.i, tok.i + 1)
        return found[0] if found else None

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        return self.toks[first].idx, self.toks[last].idx + len(self.toks[last].text)


def find_quantities(doc, index, timexes: list[Timex], published: str | None) -> list[Quantity]:
    toks = tokens(doc)
    if not toks:
        return []
    lex = lexicon()
    art = _Article(doc, toks, index, timexes or [], published, lex)
    nums = _number_phrases(toks, art.low, lex)
    if not nums:
        return []
    nums = _drop_codes(nums, art)
    cands = [c for num in nums if (c := _read(num, art)) is not None]
    cands = _join_ranges(cands, art)
    out: list[Quantity] = []
    for c in cands:
        c.change = _change(c, art)
        start, end = art.char_span(c.first, c.last)
        out.append(
            Quantity(
                id="",
                text=art.text[start:end],
                value=float(c.value),
                unit=c.unit,
                approximate=c.approximate,
                change=c.change,
                measure=_measure(c, art),
                period=_period(c, art),
                attributed_to=_attributed(c, art),
                start=start,
                end=end,
            )
        )
    out.sort(key=lambda q: q.start)
    for k, q in enumerate(out, start=1):
        q.id = f"n{k}"
    return out


def _drop_codes(nums: list[_Num], art: _Article) -> list[_Num]:
    """Drop digit groups that run into each other ("202 555 0100", "202-555-0100"): phone numbers and codes;
    and hyphenated pairs that do not rise ("4-1", "13-2"): scores and votes, not ranges."""
    drop: set[int] = set()
    for k in range(1, len(nums)):
        a, b = nums[k - 1], nums[k]
        if a.words or b.words or a.scaled or b.scaled:
            continue
        gap = art.low[a.end : b.start]
        if not gap or (len(gap) == 1 and gap[0] in _DASHES and a.value >= b.value):
            drop.update((k - 1, k))  # "0800 555", or a score or vote that does not rise ("4-1", "13-2")
        elif gap in (["-"], ["."]) and k + 1 < len(nums) and art.low[b.end : nums[k + 1].start] == gap:
            drop.update((k - 1, k, k + 1))
    return [num for k, num in enumerate(nums) if k not in drop]


def _read(num: _Num, art: _Article) -> _Cand | None:
    """A number phrase in its context: a quantity with unit and approximation, or None when it is not one."""
    toks, low, lex = art.toks, art.low, art.lex
    n = len(toks)
    first, value = num.start, num.value
    sent_start, sent_end = art.sent_of(num.start)
    if num.start > 0 and low[num.start - 1] in (":", "/"):
        return None  # "8 : 24", "24 / 7"
    if _glued_to_word(toks, num.start):
        return None  # "F-16", "Su-35"

    # currency: glued, before ("$", "US$", "USD"), or after ("rubles", "CFA francs", "Philippine pesos")
    cur_form, modifier = num.currency, None
    if cur_form is None and num.start > sent_start:
        cur_form, size = _currency_before(art, num.start, sent_start)
        first -= size
    j = num.end
    if cur_form is None:
        cur_form, modifier, size = _currency_after(art, j, sent_end)
        j += size
    if num.money_scale:
        if cur_form is not None or (j < n and toks[j].tag_ in ("NNS", "NNPS")):
            value *= num.money_scale  # "$5 m", "5 m people"
        else:
            j -= 1  # "a 10 m wall": the metre, read below as a unit

    unit, kind, noun = "count", "count", None
    if cur_form is not None:
        unit, kind = _currency_code(cur_form, modifier, art, num.start, (sent_start, sent_end)), "currency"
    else:
        k = j + 1 if j < sent_end and low[j] in _DASHES and not toks[j - 1].whitespace_ else j
        _, hit, size = _match(lex.units, toks, low, k, sent_end)
        if hit is not None:
            u, factor, ukind = hit
            if ukind in ("time", "clock", "skip"):
                return None  # "two weeks", "a 45-year-old", "6 a.m.", "three times"
            unit, value, j = u, value * factor, k + size
            kind = "percent" if ukind == "percent" else "measure"
        elif k != j and not (k < n and _HAS_DIGIT.search(toks[k].text)):
            return None  # "a 10-point plan", "a 20-strong delegation"; "10-15" is a range
    if not math.isfinite(value):
        return None

    size = _ends_with(lex.role("approximator"), toks, low, first, sent_start)
    approximate, first = size > 0, first - size

    if kind == "count":
        if _not_a_count(num, art, sent_start) or _range_of_times(art, j, sent_end):
            return None
        noun = _counted_noun(num, art)
        if noun is not None:
            if _match(lex.units, toks, low, noun.i, noun.i + 1)[1] is not None:
                return None  # "five long years"
            j = noun.i + 1
        elif (
            j < sent_end and toks[j].tag_ == "VBN" and num.end - 1 in (toks[j].head.i, *(c.i for c in toks[j].children))
        ):
            noun, j = toks[j], j + 1  # "69,333 wounded"
        if (noun is None and value < 2) or (value != int(value) and not num.scaled):
            return None  # "1 in 4"; "a 6.4 quake": things are counted in whole numbers
    elif j + 1 < sent_end and low[j] in ("a", "per") and toks[j + 1].pos_ == "NOUN":
        if j + 2 >= sent_end or low[j + 2] not in _AGO:
            j += 2  # "$45 a barrel", but not "a year earlier"
    last = max(j - 1, num.end - 1)
    return _Cand(num, first, last, value, unit, kind, approximate, noun, unit_end=j)


def _range_of_times(art: _Article, j: int, limit: int) -> bool:
    """The first end of a range of durations or clock times ("between 2 and 3 p.m.", "5-10 days")."""
    if j + 2 >= limit or art.low[j] not in ("-", "–", "to", "and"):
        return False
    nxt = art.low[j + 1]
    if not (nxt.replace(",", "").replace(".", "").isdigit() or art.lex.numbers.get(nxt, (0, ""))[1] in ("unit", "ten")):
        return False
    k = j + 3 if art.low[j + 2] in _DASHES else j + 2
    hit = _match(art.lex.units, art.toks, art.low, k, limit)[1]
    return hit is not None and hit[2] in ("time", "clock")


def _glued_to_word(toks, i: int) -> bool:
    """A number joined by a hyphen to the word before it: part of a name ("F-16")."""
    if i < 2 or toks[i - 1].text not in _DASHES:
        return False
    word = toks[i - 2]
    return word.is_alpha and not word.whitespace_ and not toks[i - 1].whitespace_


def _currency_before(art: _Article, end: int, floor: int):
    """(form, size) of a currency symbol or code right before token `end` ("$", "US$", "USD", "Rs")."""
    for size in (2, 1):
        if end - size < floor:
            continue
        text = art.toks[end - 1].text
        if text.isalpha() and not text.isupper() and text.lower() != "rs":
            return None, 0  # names ("dollars", "won") follow the number, they do not lead it
        for key in (tuple(t.text for t in art.toks[end - size : end]), tuple(art.low[end - size : end])):
            if key in art.lex.currencies:
                return key, size
    return None, 0


def _currency_after(art: _Article, j: int, limit: int):
    """(form, country modifier, size) of a currency named right after the number, possibly behind one or two
    capitalised country words ("1.2 billion Philippine pesos")."""
    lex = art.lex
    for skip in (0, 1, 2):
        if j + skip >= limit:
            break
        if skip and not art.toks[j + skip - 1].text[:1].isupper():
            break
        key, _, size = _match(lex.currencies, art.toks, art.low, j + skip, limit)
        if key is not None:
            words = " ".join(t.text for t in art.toks[j : j + skip]) or None
            return key, words, size + skip
    return None, None, 0


def _currency_code(
    form: tuple[str, ...], modifier: str | None, art: _Article, at: int, sentence: tuple[int, int]
) -> str:
    """The ISO 4217 code of a currency form: by the country word before it, else by the country mentioned
    nearest to it in its sentence, else by the countries the article mentions most, else the form's default."""
    options = art.lex.currencies[form]
    if len(options) == 1:
        return options[0].code
    if modifier:
        country = load_kb().country_of_word(modifier)
        for o in options:
            if country and country in o.countries:
                return o.code
    options = [o for o in options if o.match != "modifier"]
    near = art.nearest_country(at, sentence, {c for o in options for c in o.countries})
    if near:
        return next(o.code for o in options if near in o.countries)
    counts = art.countries()
    best, best_n = None, 0
    for o in options:
        k = sum(counts.get(c, 0) for c in o.countries)
        if k > best_n:
            best, best_n = o, k
    if best is not None:
        return best.code
    return next((o.code for o in options if o.match == "default"), art.lex.currencies[form][0].code)


def _not_a_count(num: _Num, art: _Article, sent_start: int) -> bool:
    """Bare numbers that are dates, years, names, ordinals in disguise or references back ("the two")."""
    toks, low, lex = art.toks, art.low, art.lex
    s, e = num.start, num.end
    if num.words and num.value < 2 and not num.scaled:
        return True  # "one of them"
    integer = num.value == int(num.value)
    if not num.words and not num.scaled and integer and 1000 <= num.value <= 2199 and "," not in toks[s].text:
        return True  # a year
    before = s - 1 if s > 0 and toks[s - 1].text != "." else s - 2
    after = e if e < len(toks) and toks[e].text not in (",", ".") else e + 1
    months, weekdays = lex.role("month"), lex.role("weekday")
    if integer and num.value <= 31 and not num.scaled:
        if before >= 0 and (toks[before].text,) in months:
            return True  # "June 24", "Nov. 5"
        if after < len(toks) and (toks[after].text,) in months:
            return True  # "24 June"
    if num.words and s > 0 and (low[s - 1],) in lex.role("definite"):
        return True  # "the two sides" refers back; "the 650 seats" is a figure
    if integer and num.value < 130 and not num.scaled and _is_age(num, art, sent_start):
        return True  # "Yunus, 84, said", "soldiers aged between 18 and 25"
    if s > sent_start:
        p = toks[s - 1]
        if (low[s - 1],) in lex.role("label") or (p.text,) in lex.role("label"):
            return True
        if p.pos_ == "PROPN" and p.text[:1].isupper() and (p.text,) not in months and (p.text,) not in weekdays:
            return True  # "Boeing 737"
    for t in toks[s:e]:
        if t.ent_type_ in _NAME_ENTS or art.index.at(t.i):
            return True
    for tx in art.timexes:
        if tx.start < toks[e - 1].idx + len(toks[e - 1].text) and toks[s].idx < tx.end:
            return True
        if tx.start > toks[e - 1].idx:
            break
    return False


def _is_age(num: _Num, art: _Article, sent_start: int) -> bool:
    """A number that gives someone's age: set off by commas after a person's name, or after "aged" (also as
    either end of a range: "aged between 18 and 25")."""
    toks, low = art.toks, art.low
    s, e = num.start, num.end
    if 2 <= s and e < len(toks) and low[s - 1] == "," and low[e] == "," and not num.words:
        name = toks[s - 2]
        ent = art.index.entity(art.index.at(name.i))
        if name.ent_type_ == "PERSON" or (ent is not None and ent.type == "PERSON"):
            return True
    k = s  # the first token of the range this number belongs to
    if k >= 2 and low[k - 1] in ("and", "to", "-", "–") and toks[k - 2].like_num:
        k -= 2
    if k >= 1 and low[k - 1] in ("between", "from"):
        k -= 1
    return _ends_with(art.lex.role("age"), toks, low, k, sent_start) > 0


def _counted_noun(num: _Num, art: _Article):
    """The noun a bare number counts ("36 projects", "14,000 American and Filipino troops"), if any."""
    last = art.toks[num.end - 1]
    head = last.head
    if head.i < num.end or head.i - num.end > 5 or head.pos_ not in _NOUNS:
        return None
    if last.dep_ not in ("nummod", "quantmod", "compound", "amod", "nmod", "appos"):
        return None
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in _NOUNS and head.head.i - num.end <= 5:
        head = head.head  # "80 attack drones"
    for t in art.toks[num.end : head.i]:
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "CCONJ", "PUNCT", "ADV", "VERB") or t.text in (",", ";", ":"):
            return None
    return head


def _join_ranges(cands: list[_Cand], art: _Article) -> list[_Cand]:
    """Ranges: "between 3,000 and 4,000 soldiers", "10-15 km" give the first end the second's unit and scale,
    and both ends of a "between" or hyphenated range are approximate."""
    for k in range(1, len(cands)):
        a, b = cands[k - 1], cands[k]
        gap = art.low[a.last + 1 : b.first]
        if gap not in (["-"], ["–"], ["to"], ["and"]):
            continue
        opener = art.low[a.first - 1] if a.first > 0 else ""
        if gap[0] in ("to", "and") and opener not in ("between", "from"):
            # "a battalion of 850 to 1,100 soldiers" is a range; "rose 8% to 535,000 t" and "by 5 to 7" are not
            bare = a.kind == "count" and a.noun is None and a.num.currency is None and not a.approximate
            if not (gap[0] == "to" and bare and b.value > a.value and opener not in ("by", "")):
                continue
            if a.first > 0 and _direction(art.toks[a.first - 1], art.lex, ("verb",)):
                continue
        if a.kind == "count" and a.noun is None and a.num.currency is None:
            a.unit, a.kind = b.unit, b.kind
            if b.num.scaled and not a.num.scaled:
                a.value *= b.num.scale  # "between 10 and 15 million"
        if a.kind == b.kind == "count":
            noun = b.noun or _range_noun(a, b, art)
            if noun is not None:  # "850 to 1,100 soldiers": both ends count soldiers
                a.noun = a.noun or noun
                if b.noun is None:
                    b.noun, b.last, b.unit_end = noun, max(b.last, noun.i), max(b.unit_end, noun.i + 1)
        if opener == "between" or gap[0] in _DASHES:
            a.approximate = b.approximate = True
    return _elided_currency(cands, art)


def _range_noun(a: _Cand, b: _Cand, art: _Article):
    """The noun after a range that both its ends count, however the parser attached them."""
    for tok in (art.toks[b.num.end - 1], art.toks[a.num.end - 1]):
        head = tok.head
        if head.pos_ in _NOUNS and b.last < head.i <= b.last + 4:
            if all(t.pos_ in ("ADJ", "NOUN", "PROPN") for t in art.toks[b.last + 1 : head.i]):
                if _match(art.lex.units, art.toks, art.low, head.i, head.i + 1)[1] is None:
                    return head
    return None


def _elided_currency(cands: list[_Cand], art: _Article) -> list[_Cand]:
    """ "3 billion euros for roads, 2.5 billion for ports": a scaled bare amount after a sum of money in the
    same sentence is in that money."""
    money: dict[tuple[int, int], _Cand] = {}
    for c in cands:
        sent = art.sent_of(c.num.start)
        if c.kind == "currency":
            money[sent] = c
        elif c.kind == "count" and c.noun is None and c.num.scaled and sent in money:
            c.unit, c.kind = money[sent].unit, "currency"
    return cands


# ---------- change, measure, period, attribution


def _direction(tok, lex: Lexicon, roles=("verb", "noun")) -> str | None:
    for role in roles:
        d = lex.changes.get((tok.lemma_.lower(), role)) or lex.changes.get((tok.lower_, role))
        if not d or (role == "verb" and tok.pos_ not in ("VERB", "AUX")) or (role == "noun" and tok.pos_ != "NOUN"):
            continue
        if role == "adverb" and tok.dep_ == "prt":
            continue  # "coming down about 250 km west"
        return d
    return None


def _before(c: _Cand, art: _Article) -> int:
    """The token before the figure and its approximators, skipping dashes ("increased by 8% - to 535 ...")."""
    p = c.first - 1
    start = art.sent_of(c.num.start)[0]
    while p >= start and art.low[p] in _DASHES:
        p -= 1
    return p if p >= start else -1


def _change(c: _Cand, art: _Article) -> str | None:
    """increase / decrease for a figure that is the size of a change ("rose by 8%", "fell 18%", "up 3%");
    None for levels ("to 535 thousand tons", "down from 45%") and plain figures."""
    toks, low, lex = art.toks, art.low, art.lex
    p = _before(c, art)
    if p < 0:
        return None
    word = low[p]
    if (word,) in lex.role("level"):
        return None
    if word == "by":
        head = toks[p].head
        d = _direction(head, lex)
        if d or head.pos_ in ("VERB", "AUX"):
            return d  # "struck by seven drones" has no change
        start = art.sent_of(p)[0]
        for k in range(p - 1, start - 1, -1):  # "exports - by 5.5%": the verb of the clause before
            if toks[k].pos_ == "VERB" and (d := _direction(toks[k], lex, ("verb",))):
                return d
        return None
    if word == "of":
        return _direction(toks[p].head, lex, ("noun",))
    if c.kind == "count":
        return None
    if word == "or" and p >= 2 and low[p - 1] == ",":
        p = _apposed_to(p - 1, art)  # "fell $1.20, or 1.5%": the verb before the first figure
        if p < 0:
            return None
    if p == c.first - 1 or word == "or":  # "fell 18%", "up 3%"; a verb only for percentages ("lost $5m")
        d = _direction(toks[p], lex, ("verb", "adverb") if c.kind == "percent" else ("adverb",))
        if d:
            return d
    after = c.unit_end if c.unit_end < len(toks) else -1
    if after >= 0:
        return _direction(toks[after], lex, ("noun", "adverb"))
    return None


def _apposed_to(comma: int, art: _Article) -> int:
    """For "fell $1.20, or 1.5%": the token before the figure that ends at the comma, or -1."""
    k = comma - 1
    while k >= 0 and art.toks[k].pos_ in ("NUM", "SYM", "NOUN") and k > comma - 5:
        k -= 1
    return k if k >= 0 and k < comma - 1 else -1


def _phrase(tok, art: _Article, floor: int = 0) -> str | None:
    """A short noun phrase for a noun, in the article's words: its modifiers (from token `floor` on), the noun
    and a first prepositional complement ("mutual trade between the two countries")."""
    if tok is None or tok.pos_ == "PRON":
        return None
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in ("det", "predet", "nummod", "quantmod", "punct", "cc", "preconj") or child.like_num:
            continue
        if child.tag_ in ("WP$", "WDT", "PRP$"):
            continue
        start = min(start, child.left_edge.i)
    start = max(start, floor)
    while start < tok.i and (art.toks[start].dep_ in ("det", "punct") or art.toks[start].tag_ in ("WP$", "PRP$")):
        start += 1
    end = tok.i
    for child in tok.rights:
        if (
            child.dep_ == "prep"
            and child.i == tok.i + 1
            and child.lower_ in ("of", "between", "from", "to", "for", "with", "in", "on")
        ):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                end = objs[0].i
        break
    if end - start > 12:
        start, end = tok.i, tok.i
    a, b = art.char_span(start, end)
    return art.text[a:b] or None


def _measure(c: _Cand, art: _Article) -> str | None:
    toks = art.toks
    if c.noun is not None:
        return _phrase(c.noun, art, c.last + 1 if c.noun.i > c.last else c.num.end)
    after = c.unit_end
    if after < len(toks) and toks[after].lower_ == "of":
        objs = [g for g in toks[after].children if g.dep_ == "pobj"]
        if objs:
            return _phrase(objs[0], art)
    tail = toks[c.last]
    if c.kind != "count" and tail.head.i > c.last and tail.head.pos_ == "NOUN" and tail.head.i - c.last <= 3:
        return _phrase(tail.head, art, c.last + 1)  # "a 15% stake"
    p = _before(c, art)
    if p >= 0 and art.low[p] == "by" and toks[p].head.pos_ == "NOUN":
        head = toks[p].head
        while head.dep_ == "conj" and head.head.pos_ == "NOUN":
            head = head.head
        return _phrase(head, art)  # "exports - by 5.5%"
    verb = tail
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    subjects = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].left_edge.i <= c.last and c.first <= subjects[0].right_edge.i:
        return None  # no subject, or the figure is the subject ("Of those, 111 crossed")
    return _phrase(subjects[0], art)


def _period(c: _Cand, art: _Article) -> TimeRef | None:
    """The time the figure refers to: the nearest time expression in its sentence, with "from X to Y" and
    "between X and Y" read as one interval and "since X" as X up to the publication date."""
    if not art.timexes:
        return None
    s, e = art.sent_of(c.num.start)
    lo, hi = art.toks[s].idx, art.toks[e - 1].idx + len(art.toks[e - 1].text)
    qa, qb = art.char_span(c.first, c.last)
    inside = [t for t in art.timexes if lo <= t.start and t.end <= hi and (t.end <= qa or t.start >= qb)]
    if not inside:
        return None
    text = art.text
    spans: list[tuple[int, int, str | None]] = []
    k = 0
    while k < len(inside):
        t = inside[k]
        lead_at = max(lo, t.start - 12)
        lead = _LEAD.search(text, lead_at, t.start)
        word = lead.group(1).lower() if lead else ""
        if word in ("from", "between") and k + 1 < len(inside):
            u = inside[k + 1]
            if text[t.end : u.start].strip().lower() in ("to", "-", "–", "and", "until", "through", "till"):
                spans.append((lead.start(1), u.end, f"{_first(t.value)}/{_last(u.value)}"))
                k += 2
                continue
        if word == "since" and art.published and t.value:
            spans.append((lead.start(1), t.end, f"{_first(t.value)}/{art.published}"))
        else:
            spans.append((t.start, t.end, t.value))
        k += 1
    best = min(spans, key=lambda sp: (max(sp[0] - qb, qa - sp[1], 0), sp[0] < qa))
    return TimeRef(text=text[best[0] : best[1]], value=best[2])


def _first(value: str | None) -> str:
    return (value or "").split("/")[0]


def _last(value: str | None) -> str:
    return (value or "").split("/")[-1]


def _attributed(c: _Cand, art: _Article) -> str | None:
    """The source of the figure: "according to X", or the subject of a reporting verb in its sentence."""
    s, e = art.sent_of(c.num.start)
    if s in art._attribution:
        return art._attribution[s]
    toks, low, lex = art.toks, art.low, art.lex
    source = None
    for k in range(s, e - 1):
        if low[k] == "according" and low[k + 1] == "to":
            objs = [g for g in toks[k + 1].children if g.dep_ == "pobj"]
            if objs and (source := art.entity_of(objs[0])):
                break
    if source is None:
        reporting = lex.role("reporting")
        for k in range(s, e):
            t = toks[k]
            if t.pos_ == "VERB" and (t.lemma_.lower(),) in reporting:
                subjects = [g for g in t.children if g.dep_ == "nsubj"]
                if subjects and not subjects[0].left_edge.i <= c.num.start <= subjects[0].right_edge.i:
                    if source := art.entity_of(subjects[0]):
                        break
    art._attribution[s] = source
    return source
