"""The CAMEO codebook (codes, labels, quad classes, Goldstein values) and the predicate lexicon
that maps English verbs and nouns to codes. Data files in `cameo/data/`, loaded once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    quad_class: int
    goldstein: float


@dataclass(frozen=True)
class Frame:
    """One lexicon row: a predicate lemma, an optional particle/preposition and object heads, a code."""

    lemma: str
    particle: str
    objects: frozenset[str]
    code: str


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in r.items()}
        for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


class Cameo:
    def __init__(self, data_dir: Path = DATA_DIR):
        self.codes: dict[str, Code] = {}
        for r in _rows(data_dir / "codebook.tsv"):
            self.codes[r["code"]] = Code(r["code"], r["label"], int(r["quad_class"]), float(r["goldstein"]))
        self.verbs: dict[str, list[Frame]] = {}
        for r in _rows(data_dir / "verbs.tsv"):
            objs = frozenset(o.strip().lower() for o in r.get("object", "").split("|") if o.strip())
            f = Frame(r["lemma"].lower(), r.get("particle", "").lower(), objs, r["code"])
            self.verbs.setdefault(f.lemma, []).append(f)
        self.nouns: dict[str, str] = {r["lemma"].lower(): r["code"] for r in _rows(data_dir / "nouns.tsv")}
        self.intents: dict[str, str] = {r["code"]: r["intent"] for r in _rows(data_dir / "intents.tsv")}
        # what embedding predicates do to an event, judgement words, and speech-act words (stages/events.py)
        self.governors: dict[str, str] = {r["lemma"]: r["effect"] for r in _rows(data_dir / "governors.tsv")}
        self.evaluations: dict[str, str] = {r["lemma"]: r["code"] for r in _rows(data_dir / "evaluations.tsv")}
        self.speech_acts: dict[str, str] = {r["lemma"]: r["code"] for r in _rows(data_dir / "speech_acts.tsv")}

    def code(self, code: str) -> Code:
        """The codebook entry of a code, falling back to its 3-digit parent and its root."""
        for c in (code, code[:3], code[:2]):
            if c in self.codes:
                return self.codes[c]
        raise KeyError(code)

    def match_verb(self, lemma: str, particles: set[str], objects: set[str]) -> Frame | None:
        """The most specific frame of `lemma` whose particle and object (if it names them) are present."""
        best, best_score = None, -1
        for f in self.verbs.get(lemma, ()):
            if f.particle and f.particle not in particles:
                continue
            if f.objects and not (f.objects & objects):
                continue
            score = (2 if f.objects else 0) + (1 if f.particle else 0)
            if score > best_score:
                best, best_score = f, score
        return best

    def intent_of(self, code: str) -> str:
        """The 03x/13x intent code a planned event of `code` maps onto, for CAMEO-strict output."""
        for c in (code[:4], code[:3], code[:2]):
            if c in self.intents:
                return self.intents[c]
        return "030"


@lru_cache(maxsize=1)
def load_cameo() -> Cameo:
    return Cameo()
