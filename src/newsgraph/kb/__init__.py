"""The knowledge base: countries, regions, places, organisations and office-holders with dated terms.

Loaded once per process from the TSV files in `kb/data/`, plus any user directories named in
the environment variable NEWSGRAPH_KB (several joined with os.pathsep) or passed to `load_kb`.
A user directory is laid out like `kb/data/` (any subset of its files); its rows are added, and
a row with the same key (iso3, region code, organisation id, place name, office id, entity id)
replaces the package's. Read-only once loaded.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeBaseError

DATA_DIR = Path(__file__).parent / "data"
ENV_VAR = "NEWSGRAPH_KB"

# Two-letter capitals that are ordinary English words: never matched as names.
_AMBIGUOUS_SHORT = {
    "IS",
    "AS",
    "IT",
    "NO",
    "ON",
    "OR",
    "AN",
    "AT",
    "BE",
    "BY",
    "DO",
    "GO",
    "HE",
    "IF",
    "IN",
    "ME",
    "MY",
    "OF",
    "SO",
    "TO",
    "UP",
    "WE",
    "AM",
    "X",
    "A",
    "I",
}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    peoples: tuple[str, ...]
    capital: str
    capital_aliases: tuple[str, ...]
    region: str
    executive: str


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    kind: str
    country: str | None
    actor_code: str | None
    aliases: tuple[str, ...]
    parent: str | None


@dataclass(frozen=True)
class Office:
    id: str
    owner: str  # ISO3 or an organisation id
    kind: str
    title: str
    aliases: tuple[str, ...]
    sector: str


@dataclass(frozen=True)
class Term:
    office: str
    start: str
    end: str | None


@dataclass
class Person:
    id: str
    name: str
    aliases: list[str]
    gender: str | None
    terms: list[Term] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """What a surface name in text can stand for."""

    kb_id: str
    name: str
    type: str  # PERSON ORG GPE LOC FAC NORP
    country: str | None
    actor_code: str | None
    kind: str  # country capital region place org person demonym


def fold_name(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^a-z0-9]+", "", s)


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


def _read_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    try:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read knowledge-base file ({exc.__class__.__name__})") from None
    if not lines:
        return []
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    missing = [c for c in columns if c not in header]
    if missing:
        raise KnowledgeBaseError(f"{path}: header lacks column(s) {', '.join(missing)}")
    rows = []
    for lineno, cells in enumerate(reader, start=2):
        if len(cells) > len(header):
            raise KnowledgeBaseError(f"{path}: data line {lineno} has {len(cells)} fields, header has {len(header)}")
        cells = cells + [""] * (len(header) - len(cells))
        rows.append({h: c.strip() for h, c in zip(header, cells)})
    return rows


def _date_ok(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value))


class KnowledgeBase:
    def __init__(self, dirs: list[Path]):
        self.sources = [str(d) for d in dirs]
        self.countries: dict[str, Country] = {}
        self.regions: dict[str, dict] = {}
        self.places: dict[str, dict] = {}
        self.orgs: dict[str, Organization] = {}
        self.offices: dict[str, Office] = {}
        self.persons: dict[str, Person] = {}
        self.custom: dict[str, dict] = {}
        self.titles: dict[str, str] = {}
        self.sectors: dict[str, str] = {}
        self.anaphors: dict[str, tuple[str, ...]] = {}
        self.generic: set[str] = set()
        self.facilities: set[str] = set()
        self.institutions: dict[str, str] = {}
        holders: dict[str, dict] = {}
        for d in dirs:
            self._load_dir(d, holders)
        for row in holders.values():
            self._add_holder(row)
        self._index()

    # ---------------------------------------------------------------- loading
    def _load_dir(self, d: Path, holders: dict[str, dict]) -> None:
        if not d.is_dir():
            raise KnowledgeBaseError(f"{d}: knowledge-base directory not found")
        f = d / "countries.tsv"
        if f.exists():
            for r in _read_tsv(f, ["iso3", "name"]):
                if not re.fullmatch(r"[A-Z]{3}", r["iso3"]):
                    raise KnowledgeBaseError(f"{f}: bad iso3 code {r['iso3']!r}")
                self.countries[r["iso3"]] = Country(
                    r["iso3"],
                    r.get("iso2", ""),
                    r["name"],
                    _split(r.get("aliases")),
                    _split(r.get("adjectives")),
                    _split(r.get("peoples")),
                    r.get("capital", ""),
                    _split(r.get("capital_aliases")),
                    r.get("region", ""),
                    r.get("executive") or "head_of_state",
                )
        f = d / "regions.tsv"
        if f.exists():
            for r in _read_tsv(f, ["code", "name"]):
                self.regions[r["code"]] = r
        f = d / "places.tsv"
        if f.exists():
            for r in _read_tsv(f, ["name", "type"]):
                self.places[r["name"]] = r
        f = d / "organizations.tsv"
        if f.exists():
            for r in _read_tsv(f, ["id", "name", "kind"]):
                self.orgs[r["id"]] = Organization(
                    r["id"],
                    r["name"],
                    r["kind"],
                    r.get("country") or None,
                    r.get("actor_code") or None,
                    _split(r.get("aliases")),
                    r.get("parent") or None,
                )
        f = d / "entities.tsv"
        if f.exists():
            for r in _read_tsv(f, ["id", "name", "type"]):
                self.custom[r["id"]] = r
        for f in sorted((d / "offices").glob("*.offices.tsv")) if (d / "offices").is_dir() else []:
            for r in _read_tsv(f, ["office_id", "country", "kind", "title"]):
                self.offices[r["office_id"]] = Office(
                    r["office_id"], r["country"], r["kind"], r["title"], _split(r.get("aliases")), r.get("sector", "")
                )
        for f in sorted((d / "offices").glob("*.holders.tsv")) if (d / "offices").is_dir() else []:
            for r in _read_tsv(f, ["office_id", "name", "start"]):
                for k in ("start", "end"):
                    if r.get(k) and not _date_ok(r[k]):
                        raise KnowledgeBaseError(f"{f}: bad date {r[k]!r} for {r['name']}")
                holders[f"{r['office_id']}|{r['name']}|{r['start']}"] = dict(r, _file=str(f))
        f = d / "facilities.tsv"
        if f.exists():
            self.facilities |= {r["noun"].lower() for r in _read_tsv(f, ["noun"])}
        f = d / "institutions.tsv"
        if f.exists():
            self.institutions.update({r["noun"].lower(): r["sector"] for r in _read_tsv(f, ["noun", "sector"])})
        f = d / "generic.tsv"
        if f.exists():
            self.generic |= {r["word"].lower() for r in _read_tsv(f, ["word"])}
        for name, cols in (
            ("titles.tsv", ("title", "kind")),
            ("sectors.tsv", ("word", "sector")),
            ("anaphors.tsv", ("noun", "kinds")),
        ):
            f = d / name
            if f.exists():
                for r in _read_tsv(f, list(cols)):
                    if name == "titles.tsv":
                        self.titles[r["title"].lower()] = r["kind"]
                    elif name == "sectors.tsv":
                        self.sectors[r["word"].lower()] = r["sector"]
                    else:
                        self.anaphors[r["noun"].lower()] = _split(r["kinds"])

    def _add_holder(self, r: dict) -> None:
        if r["office_id"] not in self.offices:
            raise KnowledgeBaseError(f"{r['_file']}: office {r['office_id']!r} of {r['name']} is not defined")
        pid = "person:" + slug(r["name"])
        person = self.persons.get(pid)
        if person is None:
            person = self.persons[pid] = Person(pid, r["name"], [], r.get("gender") or None)
        for a in _split(r.get("aliases")):
            if a not in person.aliases:
                person.aliases.append(a)
        person.terms.append(Term(r["office_id"], r["start"], r.get("end") or None))

    # ---------------------------------------------------------------- indexes
    def _index(self) -> None:
        self.by_name: dict[str, list[Entry]] = {}
        self.by_fold: dict[str, list[Entry]] = {}
        self.by_id: dict[str, Entry] = {}  # case- and punctuation-folded names, for the NER's spans
        self.adjectives: dict[str, str] = {}  # "Iranian" -> IRN, "Western" -> WST
        self.country_names: dict[str, str] = {}  # "Iran" -> IRN (names, aliases, capitals)
        self.office_aliases: dict[str, str] = {}  # "kremlin spokesman" -> RUS.spokesperson
        shared: dict[str, set[str]] = {}
        self.offices_by_owner: dict[tuple[str, str], list[str]] = {}
        for o in self.offices.values():
            self.offices_by_owner.setdefault((o.owner, o.kind), []).append(o.id)
            for a in o.aliases:
                shared.setdefault(a.lower(), set()).add(o.id)
        for alias, ids in shared.items():
            if len(ids) == 1:
                self.office_aliases[alias] = next(iter(ids))
            else:  # "Defense Secretary" of several countries: a generic title of that kind
                kinds = {self.offices[i].kind for i in ids}
                self.titles.setdefault(alias, kinds.pop() if len(kinds) == 1 else "role")
        for c in self.countries.values():
            for n in (c.name, *c.aliases):
                self._add(n, Entry(f"country:{c.iso3}", c.name, "GPE", c.iso3, c.iso3, "country"))
                self.country_names[n] = c.iso3
            if c.capital:
                cap = Entry(f"place:{slug(c.capital)}", c.capital, "GPE", c.iso3, c.iso3, "capital")
                for n in (c.capital, *c.capital_aliases):
                    self._add(n, cap)
            for a in c.adjectives:
                self.adjectives.setdefault(a, c.iso3)
                self._add(a, Entry(f"norp:{c.iso3}", a, "NORP", c.iso3, c.iso3, "demonym"))
            for p in c.peoples:
                self._add(p, Entry(f"norp:{c.iso3}", p, "NORP", c.iso3, c.iso3, "demonym"))
        for code, r in self.regions.items():
            e = Entry(f"region:{code}", r["name"], r.get("type") or "LOC", None, code, "region")
            for n in (r["name"], *_split(r.get("aliases"))):
                self._add(n, e)
            for a in _split(r.get("adjectives")):
                self.adjectives.setdefault(a, code)
        for name, r in self.places.items():
            e = Entry(
                f"place:{slug(name)}", name, r["type"], r.get("country") or None, r.get("country") or None, "place"
            )
            for n in (name, *_split(r.get("aliases"))):
                self._add(n, e)
        for o in self.orgs.values():
            e = Entry(o.id, o.name, "ORG", o.country, o.actor_code, "org")
            for n in (o.name, *o.aliases):
                self._add(n, e)
        for p in self.persons.values():
            country, code = self.person_country(p)
            e = Entry(p.id, p.name, "PERSON", country, code, "person")
            for n in (p.name, *p.aliases):
                self._add(n, e)
        for cid, r in self.custom.items():
            e = Entry(
                cid,
                r["name"],
                r["type"],
                r.get("country") or None,
                r.get("actor_code") or r.get("country") or None,
                "custom",
            )
            for n in (r["name"], *_split(r.get("aliases"))):
                self._add(n, e)

    def _add(self, name: str, entry: Entry) -> None:
        if not name or name in _AMBIGUOUS_SHORT:
            return
        self.by_id.setdefault(entry.kb_id, entry)
        folded = self.by_fold.setdefault(fold_name(name), [])
        if entry not in folded:
            folded.append(entry)
        bucket = self.by_name.setdefault(name, [])
        if all(x.kb_id != entry.kb_id for x in bucket):
            # a user entry (added later) with the same surface name goes first
            bucket.insert(0, entry) if entry.kind == "custom" else bucket.append(entry)

    # ---------------------------------------------------------------- queries
    def lookup(self, name: str) -> list[Entry]:
        return self.by_name.get(name, [])

    def lookup_folded(self, name: str) -> list[Entry]:
        """Entries whose name folds like `name` ("Sanaa international airport"); never short ones."""
        key = fold_name(name)
        return self.by_fold.get(key, []) if len(key) > 4 else []

    def person_country(self, p: Person) -> tuple[str | None, str | None]:
        for t in reversed(p.terms):
            o = self.offices[t.office]
            if len(o.owner) == 3 and o.owner.isupper():
                return o.owner, o.owner + (o.sector or "GOV")
            org = self.orgs.get(o.owner)
            if org:
                return org.country, org.actor_code
        return None, None

    def holders_on(self, office_id: str, date: str | None) -> list[str]:
        """Person ids holding `office_id` on `date` (YYYY, YYYY-MM or YYYY-MM-DD), the latest appointed first
        (an open-ended term the data never closed yields to its successor); without a date, the latest
        holder."""
        found: list[tuple[str, str]] = []
        for p in self._holders_of(office_id):
            for t in p.terms:
                if t.office == office_id and (date is None or _covers(t, date)):
                    found.append((t.start, p.id))
        found.sort(reverse=True)
        ids = list(dict.fromkeys(pid for _, pid in found))
        return ids[:1] if date is None else ids

    def _holders_of(self, office_id: str) -> list[Person]:
        idx = getattr(self, "_holder_index", None)
        if idx is None:
            idx = {}
            for p in self.persons.values():
                for office in dict.fromkeys(t.office for t in p.terms):
                    idx.setdefault(office, []).append(p)
            self._holder_index = idx
        return idx.get(office_id, [])

    def role_on(self, person_id: str, date: str | None) -> str | None:
        """The title of the office the person holds on `date`, or 'former …' of the latest one held before."""
        p = self.persons.get(person_id)
        if p is None:
            return None
        current = [t for t in p.terms if date is None and not t.end or date and _covers(t, date)]
        if current:
            best = min(current, key=lambda t: _KIND_RANK.get(self.offices[t.office].kind, 99))
            return self.offices[best.office].title
        past = [t for t in p.terms if t.end and (date is None or _high(t.end) < _low(date))]
        if past:
            last = max(past, key=lambda t: t.end or "")
            return "former " + self.offices[last.office].title
        return None

    def offices_of(self, person_id: str, date: str | None) -> list[Office]:
        p = self.persons.get(person_id)
        if p is None:
            return []
        return [self.offices[t.office] for t in p.terms if (date is None and not t.end) or (date and _covers(t, date))]

    def country_of_word(self, word: str) -> str | None:
        """ISO3 or region code for a country name, alias, adjective or possessive stem."""
        return self.adjectives.get(word) or self.country_names.get(word)

    def phrase_patterns(self) -> list[dict]:
        """Patterns for spaCy's entity ruler: every surface name with its label and KB id."""
        pats = []
        for name, entries in self.by_name.items():
            e = entries[0]
            if e.kind == "demonym":
                continue  # demonyms stay with spaCy's NORP and are read by the title matcher
            pats.append({"label": e.type, "pattern": name, "id": e.kb_id})
            if e.kind in ("country", "capital") and name.upper() != name and " " not in name:
                pats.append({"label": e.type, "pattern": name.upper(), "id": e.kb_id})
        return pats


_KIND_RANK = {
    "head_of_state": 0,
    "head_of_government": 1,
    "supreme_leader": 0,
    "igo_head": 1,
    "leader": 1,
    "foreign_minister": 2,
    "defence_minister": 3,
    "vice_president": 4,
    "spokesperson": 5,
    "mfa_spokesperson": 6,
}


def _low(d: str) -> str:
    return d + "-00-00"[len(d) - 4 :] if len(d) < 10 else d


def _high(d: str) -> str:
    return d + "-99-99"[len(d) - 4 :] if len(d) < 10 else d


def _covers(t: Term, date: str) -> bool:
    """Whether a term overlaps a date; a partial date (2024, 2024-10) or term bound stands for its whole
    year or month."""
    return _low(t.start) <= _high(date) and _low(date) <= _high(t.end or "9999")


def _dirs(extra: tuple[str, ...]) -> list[Path]:
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    return [DATA_DIR, *(Path(p) for p in env), *(Path(p) for p in extra)]


@lru_cache(maxsize=4)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The knowledge base of the package plus NEWSGRAPH_KB and `extra` directories, loaded once."""
    return KnowledgeBase(_dirs(extra))
