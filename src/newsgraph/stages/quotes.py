"""Quotes: direct (words inside quotation marks), indirect ("X said that ...") and mixed speech,
each with its speaker (an entity, or the words naming an anonymous one), reporting verb and offsets.

Three passes over one article:

1. quotation marks are paired paragraph by paragraph (straight and curly; an unclosed quotation
   continues into a following paragraph that opens with a quotation mark);
2. each quotation finds its reporting verb: after it ('"...," she said'), before it ('He said:
   "..."'), or above it in the parse ('called them "..."'); a full sentence in quotation marks with
   no verb of its own takes the speaker of the quotation next to it;
3. reporting verbs with a finite clausal complement give indirect speech, "mixed" when the
   clause holds a quoted fragment; "accused X of Y" and "according to X, ..." likewise. A reported
   clause ends before a second report ("..., while X said ...") and before a reporter's comment
   ("..., which Paris denied", "..., a claim the ministry denied"), which reports nothing itself.

Reporting verbs and the other word lists live in `newsgraph/quote_data/*.tsv`.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Quote
from .index import tokens

DATA_DIR = Path(__file__).resolve().parent.parent / "quote_data"

QUOTE_CHARS = '"“”„«»‘’'
QUOTE_RE = re.compile('["“”„«»‘’]')
OPENERS = "“„«"
CLOSERS = "”»"
LEFT_BOUNDARY = "([{—–-/"
RIGHT_BOUNDARY = ".,;:!?)]}—–-…"
SENTENCE_END = {".", "!", "?", ";"}
DASHES = {"-", "—", "–", "--"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")
RELATIVE = {"who", "which", "that", "whom"}
# dependents that end a speaker phrase: "Egyptian sources [briefed on the meeting]", "Fedorov[, the governor]"
PHRASE_STOPS = {"relcl", "acl", "advcl", "appos", "punct", "parataxis"}
# how a reporting verb without a subject of its own reaches the clause that has one
UPWARD_DEPS = {"advcl", "conj", "xcomp", "relcl", "acl", "ccomp", "pcomp", "prep", "pobj", "dobj", "oprd"}
LEADING_WORDS = {"that", "and", "but", "or"}
STRIP_PUNCT = {",", ".", ";", ":", "-", "—", "–", "--", "(", ")"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}


# ---------------------------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, str]  # reporting-verb lemma -> frame (clause | words | charge)
    anonymous: frozenset[str]  # head nouns of speakers that name no entity ("officials")
    documents: frozenset[str]  # nouns after "according to" that are not speakers ("figures")
    naming: tuple[tuple[str, ...], ...]  # word sequences before a quoted name ("so-called")
    addressee: frozenset[str]  # reporting verbs whose object is the person spoken to ("told reporters")
    comments: frozenset[str]  # nouns of a reporter's appended label ("..., a claim X denied")


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA_DIR / name).read_text(encoding="utf-8").splitlines() if ln.strip() and ln[0] != "#"]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(
        cues={r["lemma"].lower(): r["frame"] for r in _rows("cues.tsv")},
        anonymous=frozenset(r["noun"].lower() for r in _rows("anonymous_speakers.tsv")),
        documents=frozenset(r["noun"].lower() for r in _rows("documentary_sources.tsv")),
        naming=tuple(tuple(r["marker"].lower().split()) for r in _rows("naming_markers.tsv")),
        addressee=frozenset(r["lemma"].lower() for r in _rows("cues.tsv") if r.get("object") == "addressee"),
        comments=frozenset(r["noun"].lower() for r in _rows("comment_nouns.tsv")),
    )


# ---------------------------------------------------------------------------------- quotation marks
@dataclass
class Marked:
    """One quotation: the marks' offsets and its trimmed content [start, end)."""

    open: int
    close: int
    start: int
    end: int


def _kind(text: str, pos: int, ch: str, is_open: bool) -> str:
    """ "open" or "close" for one quotation mark, from the mark itself or the characters around it."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    left = prev.isspace() or prev in LEFT_BOUNDARY or prev in QUOTE_CHARS
    right = nxt.isspace() or nxt in RIGHT_BOUNDARY
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "open" if not is_open and left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "close" if is_open else "open"


def find_marked(text: str) -> list[Marked]:
    """Pair the quotation marks of a text. Unbalanced marks are dropped, never an error."""
    line_starts = [m.start() for m in re.finditer(r"[^\n]+", text)]
    out: list[Marked] = []
    open_at: int | None = None  # opening double mark of the quotation in progress
    open_line = -1
    single_at: int | None = None  # a curly single quotation, only outside a double one
    single_line = -1
    for m in QUOTE_RE.finditer(text):
        pos, ch = m.start(), m.group()
        line = bisect_right(line_starts, pos) - 1
        if single_at is not None and line != single_line:
            single_at = None
        if ch in "‘’":
            if open_at is not None:
                continue  # a quotation inside a quotation is part of its words
            if ch == "‘" and single_at is None and (pos == 0 or not text[pos - 1].isalnum()):
                single_at, single_line = pos, line
            elif ch == "’" and single_at is not None and not (pos + 1 < len(text) and text[pos + 1].isalpha()):
                out.append(_marked(text, single_at, pos))
                single_at = None
            continue
        if open_at is not None and line != open_line:
            # an unclosed quotation goes on when the next paragraph opens with a quotation mark
            if line == open_line + 1 and pos == line_starts[line] + _indent(text, line_starts[line]):
                open_line = line
                continue
            open_at = None
        if _kind(text, pos, ch, open_at is not None) == "open":
            open_at, open_line = pos, line  # a second opening mark drops an unclosed first one
            single_at = None
        elif open_at is not None:
            out.append(_marked(text, open_at, pos))
            open_at = None
    return [q for q in out if q.start < q.end and any(c.isalnum() for c in text[q.start : q.end])]


def _indent(text: str, start: int) -> int:
    n = 0
    while start + n < len(text) and text[start + n] in " \t":
        n += 1
    return n


def _marked(text: str, open_: int, close: int) -> Marked:
    s, e = open_ + 1, close
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return Marked(open_, close, s, e)


# ---------------------------------------------------------------------------------- the stage
@dataclass
class Found:
    start: int
    end: int
    kind: str
    cue: object  # the reporting token (or None)
    speaker: str | None
    speaker_text: str | None
    marked: Marked | None = None
    attributed: bool = True  # a whole quotation with its own reporting verb (not a fragment)
    head: object = None  # the token naming the speaker

    @property
    def anchor(self) -> int:
        return self.cue.idx if self.cue is not None else self.start


class QuoteFinder:
    def __init__(self, doc, index):
        self.doc, self.index, self.text = doc, index, doc.text
        self.lex = lexicon()
        self.toks = tokens(doc)
        self.starts = [t.idx for t in self.toks]
        self.line_starts = [m.start() for m in re.finditer(r"[^\n]+", self.text)]
        self.line_ends = [m.end() for m in re.finditer(r"[^\n]+", self.text)]
        self.loose: list[Marked] = []  # quotations that found no reporting verb of their own

    # ------------------------------------------------------------------ helpers
    def line_of(self, char: int) -> int:
        return bisect_right(self.line_starts, char) - 1

    def tok_at(self, char: int) -> int:
        return bisect_right(self.starts, char) - 1

    def chars(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens [a, b)."""
        last = self.toks[b - 1]
        return self.toks[a].idx, last.idx + len(last.text)

    def is_cue(self, t) -> bool:
        if t.lower_ == "according":
            if t.i + 1 >= len(self.toks) or self.toks[t.i + 1].lower_ != "to":
                return False
            src = self.subject(t)
            return src is not None and src.lemma_.lower() not in self.lex.documents
        if t.pos_ != "VERB" or t.lemma_.lower() not in self.lex.cues:
            return False
        if any(c.dep_ == "neg" for c in t.children):
            return False  # "did not say whether", "could not confirm that"
        if (
            t.tag_ == "VBN"
            and t.dep_ == "advcl"
            and not any(c.dep_ in (*SUBJECT_DEPS, "aux", "auxpass") for c in t.children)
        ):
            return False  # "Asked whether ..., Costa said": the question is not the speaker's
        if t.dep_ in ("acl", "amod") and t.tag_ == "VBN":
            # "a plan dubbed ..." names something; "described by X as", "X, ..., alleged that" speak
            return any(c.dep_ in ("agent", "ccomp") for c in t.children)
        return True

    def in_name(self, j: int) -> bool:
        """A token inside a name ("Hostages and Missing Families Forum")."""
        toks = self.toks
        return self.index.at(j) is not None or (
            0 < j < len(toks) - 1 and toks[j - 1].pos_ == "PROPN" and toks[j + 1].pos_ == "PROPN"
        )

    def frame(self, t) -> str:
        return self.lex.cues.get(t.lemma_.lower(), "")

    # ------------------------------------------------------------------ speakers
    def subject(self, cue):
        """The token naming who speaks through `cue`."""
        if cue.lower_ == "according":
            to = self.toks[cue.i + 1]
            return next((c for c in to.children if c.dep_ == "pobj"), None)
        v = cue
        line = self.line_of(cue.idx)
        for _ in range(6):
            for c in v.children:
                if c.dep_ in SUBJECT_DEPS:
                    if self.line_of(c.idx) != line:
                        return self.line_subject(cue)
                    if c.lower_ in RELATIVE and v.dep_ == "relcl":
                        return v.head
                    return self.nearer_subject(c, v)
                if c.dep_ == "agent":
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
            if v.dep_ == "acl" and v.tag_ == "VBN":
                return v.head  # "Niger's military ruler, General X, alleged that ..."
            if v.dep_ not in UPWARD_DEPS or v.head is v:
                break
            if v.dep_ == "conj" and not self.is_cue(v.head):
                # "said A had B and denied that C": the parser often hangs the second reporting verb
                # on the reported clause; it belongs with the reporting verb above that clause
                up = next((x for x in v.head.ancestors if self.is_cue(x)), None)
                if up is not None:
                    v = up
                    continue
            if self.line_of(v.head.idx) != line:
                return self.line_subject(cue)  # a parse that runs across paragraphs
            v = v.head
        return None

    def line_subject(self, cue):
        """The noun phrase that opens the paragraph before `cue` when the parse joined it to the paragraph
        above: "... near the bridge.\n\nA spokesman for the government denied that ..."."""
        lo = bisect_left(self.starts, self.line_starts[self.line_of(cue.idx)])
        for t in self.toks[lo : cue.i]:
            if t.pos_ in ("NOUN", "PROPN", "PRON") and not lo <= t.head.i < cue.i:
                return t
        return None

    def nearer_subject(self, s, verb):
        """ "..., killing 42 people in Rafah, the health ministry said": a noun phrase between the last
        comma and the reporting verb is the speaker, whatever the parser attached it to."""
        if not (s.i < verb.i):
            return s
        toks = self.toks
        comma = next(
            (k for k in range(verb.i - 1, s.i, -1) if toks[k].text in (",", *DASHES) or "\n" in toks[k].text), None
        )
        if comma is None or comma + 1 >= verb.i or verb.i - comma > 10:
            return s
        span = toks[comma + 1 : verb.i]
        if any(t.pos_ in ("VERB", "AUX") for t in span if t.dep_ != "amod"):
            return s
        roots = [
            t
            for t in span
            if not (comma < t.head.i < verb.i)
            and t.pos_ in ("NOUN", "PROPN", "PRON")
            and t.ent_type_ not in ("DATE", "TIME", "CARDINAL")
        ]
        if not roots or roots[0].dep_ == "conj":
            return s  # "The governments of Mali, Burkina Faso and Niger announced": a list, not a new phrase
        return roots[0]

    def speaker(self, s) -> tuple[str | None, str | None]:
        """(entity id, speaker words) for a subject token."""
        if s is None:
            return None, None
        index = self.index
        a, b = self.phrase(s)
        words = self.text[slice(*self.chars(a, b))] if a < b else s.text
        if s.pos_ == "PRON":
            return index.at(s.i), s.text
        if s.pos_ == "PROPN" and index.at(s.i):
            span = index.mention_of_token.get(s.i)
            return index.at(s.i), (self.text[span[0] : span[1]] if span else words)
        for c in s.children:
            if c.dep_ == "appos" and c.i > s.i and index.at(c.i):
                span = index.mention_of_token.get(c.i)
                return index.at(c.i), (self.text[span[0] : span[1]] if span else c.text)
        eid = index.at(s.i)
        if eid:
            span = index.mention_of_token.get(s.i)
            return eid, (self.text[span[0] : span[1]] if span else words)
        if s.lemma_.lower() in self.lex.anonymous or s.lower_ in self.lex.anonymous or s.tag_ == "NNS":
            return None, words
        for deps in (("compound", "nmod"), ("poss",)):  # "Russia's Wagner group" is Wagner's before Russia's
            for c in s.children:
                if c.dep_ in deps and index.at(c.i):
                    return index.at(c.i), words
        return None, words

    def phrase(self, s) -> tuple[int, int]:
        """Token span of the words naming the speaker, without clauses and appositions."""
        a, b = s.left_edge.i, s.right_edge.i + 1
        for c in s.rights:
            if c.dep_ in PHRASE_STOPS:
                b = min(b, c.left_edge.i)
        toks = self.toks
        for k in range(s.i - 1, a - 1, -1):
            t = toks[k]
            if "\n" in t.text or t.text in ("—", "–", "--", ")") or t.text == "-" and toks[k - 1].whitespace_:
                a = k + 1  # "ABUJA, Aug 11 (Agency) - West African leaders": the dateline is no part of it
                break
        while a < b and (toks[a].is_punct or toks[a].is_space):
            a += 1
        while b > a and (toks[b - 1].is_punct or toks[b - 1].is_space):
            b -= 1
        return a, b

    # ------------------------------------------------------------------ direct quotes
    def cue_after(self, q: Marked):
        text = self.text
        last = text[q.start : q.end].rstrip()[-1:]
        following = text[q.close + 1 : q.close + 4].lstrip()[:1]
        inside = last in ",?!…" or text[q.end : q.close].strip() in (",", "?", "!")
        if not (inside or following in (",", "—", "–")):
            return None
        toks = self.toks
        line = self.line_of(q.close)
        i = bisect_left(self.starts, q.close + 1)
        j, limit = i, min(i + 12, len(toks))
        while j < limit:
            t = toks[j]
            if t.text in SENTENCE_END or t.text in QUOTE_CHARS or self.line_of(t.idx) != line:
                break
            if self.is_cue(t):
                return t
            if t.text == "," and j > i:
                # '"...," Nigerian President Bola Tinubu, who chairs the bloc, told': a clause or apposition
                # inserted in the speaker phrase, up to its closing comma
                k = self.inserted_end(j, line)
                if k is None:
                    break
                limit = min(len(toks), k + 4)
                j = k
                continue
            if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"):
                break  # '"has limits", but analysts say': another clause, not this quotation's attribution
            if t.lower_ in RELATIVE or t.pos_ in ("CCONJ", "SCONJ") and not self.in_name(j):
                break
            j += 1
        return None

    def inserted_end(self, comma: int, line: int) -> int | None:
        """The token after the comma that closes a phrase opened by the comma at `comma`, if the phrase
        stays in its sentence and holds no reporting verb."""
        toks = self.toks
        for k in range(comma + 1, min(comma + 20, len(toks))):
            t = toks[k]
            if t.text in SENTENCE_END or t.text in QUOTE_CHARS or self.line_of(t.idx) != line or self.is_cue(t):
                return None
            if t.text == ",":
                return k + 1 if k > comma + 1 else None
        return None

    def cue_before(self, q: Marked):
        text = self.text
        k = q.open - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k < 0 or text[k] not in ",:":
            return None
        colon = text[k] == ":"
        i = self.tok_at(q.open)
        for j in range(i - 1, max(-1, i - 15), -1):
            t = self.toks[j]
            if t.text in SENTENCE_END or t.text in QUOTE_CHARS or (t.is_space and "\n" in t.text and not colon):
                break
            if self.is_cue(t):
                return t
        return None

    def cue_above(self, a: int, b: int):
        """The reporting verb governing the tokens [a, b) in the parse ("dismissed them as "..."), else
        the nearest one before them in the sentence."""
        for k in range(a, b):
            t = self.toks[k]
            if a <= t.head.i < b and t.head is not t:
                continue
            for depth, anc in enumerate(t.ancestors):
                if depth > 8:
                    break
                if anc.i < a and self.is_cue(anc):
                    return anc
                if anc.dep_ == "advcl" and any(c.dep_ in SUBJECT_DEPS for c in anc.children):
                    return None  # '... declares emergency as floods hit "worst in decades"': another clause
        sent_start = self.toks[a].sent.start
        for j in range(a - 1, max(sent_start - 1, a - 30), -1):
            t = self.toks[j]
            if t.text in SENTENCE_END or t.is_space and "\n" in t.text:
                break
            if self.is_cue(t):
                return t
        return None

    def named(self, q: Marked, a: int, b: int) -> bool:
        """A name or scare quote: 'so-called "shadow fleet"', 'the "Joint Sword" drills'."""
        i = self.tok_at(q.open)
        before = tuple(t.lower_ for t in self.toks[max(0, i - 2) : i])
        for marker in self.lex.naming:
            if before[-len(marker) :] == marker:
                return True
        words = [t for t in self.toks[a:b] if t.is_alpha and len(t.text) > 3]
        return bool(words) and all(t.text[0].isupper() for t in words) and b - a <= 6

    def sentence_start(self, q: Marked) -> bool:
        k = q.open - 1
        while k >= 0 and self.text[k] in " \t":
            k -= 1
        return k < 0 or self.text[k] in ".!?\n" or self.text[k] in QUOTE_CHARS

    def direct(self, marks: list[Marked]) -> tuple[list[Found], list[Marked]]:
        found, waiting = [], []
        for q in marks:
            a, b = bisect_left(self.starts, q.start), bisect_left(self.starts, q.end)
            if a >= b:
                continue
            cue = self.cue_after(q) or self.cue_before(q)
            attributed = cue is not None
            if cue is None and not self.sentence_start(q):
                if self.named(q, a, b):
                    continue
                cue = self.cue_above(a, b)
            if cue is None:
                waiting.append(q)
                continue
            s = self.subject(cue)
            if s is not None and q.start <= s.idx < q.end:
                s = None  # the subject found lies inside the quoted words: a parse of the quotation itself
            if s is None and attributed:
                s = self.subject_near(q, cue)
            eid, words = self.speaker(s)
            if eid is None and words is None:
                continue
            found.append(Found(q.start, q.end, "direct", cue, eid, words, q, attributed, s))
        return found, waiting

    def subject_near(self, q: Marked, cue):
        """A speaker next to the reporting verb when the parse gives the verb no subject."""
        i = bisect_left(self.starts, q.close + 1)
        for j in range(i, min(cue.i + 6, len(self.toks))):
            t = self.toks[j]
            if j != cue.i and (self.index.at(j) or t.pos_ in ("PROPN", "PRON")):
                return t
        return None

    def inherit(self, waiting: list[Marked], found: list[Found]) -> list[Found]:
        """Whole quoted sentences without a reporting verb take the speaker of the quotation next to them."""
        out: list[Found] = []
        pool = sorted(found, key=lambda f: f.start)
        waiting = [q for q in waiting if self.sentence_start(q)]
        for _ in range(3):  # '"A." "B." "C," she said.': each pass reaches one quotation further
            left = []
            for q in waiting:
                f = self.inherit_one(q, pool)
                if f is None:
                    left.append(q)
                    continue
                out.append(f)
                pool.append(f)
                pool.sort(key=lambda f: f.start)
            if len(left) == len(waiting):
                break
            waiting = left
        return out

    def inherit_one(self, q: Marked, pool: list[Found]) -> Found | None:
        """The speaker of the quotation just before (its attribution sentence between) or just after."""
        line = self.line_of(q.open)
        prev = [f for f in pool if f.end <= q.open and self.line_of(f.start) == line and f.speaker_text]
        if prev:
            p = max(prev, key=lambda f: max(f.end, f.anchor))
            ref = max(p.marked.close + 1 if p.marked else p.end, p.anchor)
            gap = self.text[ref : q.open]
            if sum(gap.count(c) for c in ".!?") <= 1 and len(gap) < 200:
                return Found(q.start, q.end, "direct", None, p.speaker, p.speaker_text, q, True, p.head)
        nxt = [f for f in pool if f.start > q.close and self.line_of(f.start) == line and f.speaker_text]
        if nxt:
            n = min(nxt, key=lambda f: f.start)
            if n.marked is not None and not self.text[q.close + 1 : n.marked.open].strip():
                return Found(q.start, q.end, "direct", None, n.speaker, n.speaker_text, q, True, n.head)
        return None

    # ------------------------------------------------------------------ indirect speech
    def finite(self, h) -> bool:
        kids = list(h.children)
        if any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids) or h.tag_ == "TO":
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in kids):
            return True
        if h.tag_ in FINITE_TAGS:
            return True
        return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in kids)

    def clause_spans(self, cue) -> list[tuple[int, int]]:
        """Token spans of the clauses a reporting verb reports."""
        spans = []
        comps = [c for c in cue.children if c.dep_ == "ccomp"]
        if not comps:
            # "claimed in a statement that ...": the parser may hang the clause on "statement"
            comps = [
                g
                for c in cue.children
                if c.dep_ == "prep" and c.i > cue.i
                for o in c.children
                if o.dep_ == "pobj"
                for g in o.children
                if g.dep_ == "acl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)
            ]
        obj = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i), None)
        if (
            not comps
            and obj is not None
            and any(g.dep_ in SUBJECT_DEPS and g.head.pos_ in ("NOUN", "PROPN") for g in obj.subtree)
        ):
            # "said the government bore responsibility": a clause the tagger took for a noun phrase
            spans.append((obj.left_edge.i, obj.right_edge.i + 1))
        for h in comps:
            if not self.finite(h):
                continue
            sub = [t.i for t in h.subtree]
            side = [i for i in sub if (i > cue.i) == (h.i > cue.i)]
            a, b = min(side), max(side) + 1
            if (
                h.i > cue.i
                and obj is not None
                and obj.i < h.i
                and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in h.children)
            ):
                a = min(a, obj.left_edge.i)  # "said [President X and Y] discussed": the subject taken for an object
            if h.i < cue.i:
                if self.commented(cue) or any(
                    c.dep_ in ("dobj", "xcomp", "ccomp") and c.i > cue.i for c in cue.children
                ):
                    continue  # "In a document they called X, the leaders pledged to ...": not what they said
                subj = self.subject(cue)
                if subj is not None and h.i < subj.i < cue.i:
                    b = self.phrase(subj)[0]  # "CLAUSE, the ministry said": all words up to the speaker
                stops = [k for k in range(a, cue.i) if self.toks[k].text in (";", ":")]
                if stops:
                    a = stops[-1] + 1
            if self.relative_start(a, b):
                continue  # a relative clause the parser took for a complement
            for t in h.subtree:
                # "X says A, and the agency estimates that B": the second report is not part of the first
                if (
                    t.dep_ == "conj"
                    and t.i > h.i
                    and self.is_cue(t)
                    and any(c.dep_ in SUBJECT_DEPS for c in t.children)
                ):
                    b = min(b, t.left_edge.i)
            for cj in h.children:
                # "... and that his government would resist": a second reported clause
                if (
                    cj.dep_ == "conj"
                    and cj.i > h.i
                    and (
                        any(g.lower_ == "that" and g.dep_ == "mark" for g in cj.children)
                        or self.toks[cj.left_edge.i].lower_ == "that"
                    )
                ):
                    spans.append((cj.left_edge.i, min(b, cj.right_edge.i + 1)))
                    b = min(b, cj.left_edge.i)
            spans.append((a, b))
        for cj in cue.children:
            # "said that A, and that B": the parser may hang the second clause on the reporting verb
            first = cj.left_edge.i
            if cj.dep_ == "conj" and cj.i > cue.i and not self.is_cue(cj) and self.toks[first].lower_ == "that":
                spans.append((first, cj.right_edge.i + 1))
        if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX") and self.finite(cue.head):
            h = cue.head
            if h.i > cue.i:
                spans.append((cue.right_edge.i + 1, h.right_edge.i + 1))
            else:
                spans.append((h.left_edge.i, cue.left_edge.i))
        return spans

    def relative_start(self, a: int, b: int) -> bool:
        """Tokens [a, b) open like a relative clause: "which ...", "through which ..."."""
        first = self.toks[a]
        if first.tag_ in ("WDT", "WP", "WRB") and first.dep_ != "mark" and first.lower_ != "that":
            return True
        return first.pos_ == "ADP" and a + 1 < b and self.toks[a + 1].tag_ in ("WDT", "WP")

    def inverted(self, cue) -> list[tuple[int, int]]:
        """ "Doha would keep working with Cairo, he said, ...": the clause before ", SPEAKER said" when
        the parser did not tie the two together."""
        subj = self.subject(cue)
        objects = ("xcomp",) if cue.lemma_.lower() in self.lex.addressee else ("dobj", "dative", "xcomp")
        if subj is None or subj.i > cue.i or any(c.dep_ in objects for c in cue.children):
            return []  # "..., a diplomat told reporters" reports; "..., the ministry called it X" does not
        p0, p1 = self.phrase(subj)
        if p1 - p0 > 8 or self.commented(cue):
            return []
        for t in self.toks[p1 : cue.i]:
            # between the speaker's words and the verb: an inserted clause or apposition of the speaker
            # ("the authority, known by its acronym RIA, said"), adverbs and auxiliaries
            inserted = subj.left_edge.i <= t.i <= subj.right_edge.i
            if not inserted and not (t.head is cue and t.dep_ in ("aux", "advmod", "neg", "punct")):
                return []
        if p0 < 1 or self.toks[p0 - 1].text != ",":
            return []
        start = cue.sent.start
        for k in range(p0 - 2, start - 1, -1):
            t = self.toks[k]
            if t.text in SENTENCE_END or t.text == ":" or t.is_space and "\n" in t.text:
                start = k + 1
                break
        seg = self.toks[start : p0 - 1]
        if any(t.text in QUOTE_CHARS for t in seg) or not any(
            t.pos_ in ("VERB", "AUX") and (t.tag_ in FINITE_TAGS or t.tag_ == "MD") for t in seg
        ):
            return []
        return [(start, p0 - 1)]

    def commented(self, cue) -> bool:
        """The verb reports inside a reporter's label of the clause before it: "..., a charge Azerbaijan
        denied", "..., an assertion the government rejected", "..., a step investors have demanded"."""
        subj = self.subject(cue)
        if subj is None or subj.i > cue.i:
            return False
        comments = self.lex.comments
        return any(t.pos_ == "NOUN" and t.lemma_.lower() in comments for t in self.toks[subj.left_edge.i : cue.i])

    def tidy(self, a: int, b: int, anchor: int) -> tuple[int, int]:
        """Clip a clause to the paragraph of its reporting verb, drop a dateline, "that" and punctuation."""
        toks = self.toks
        line = self.line_of(toks[anchor].idx)
        lo = bisect_left(self.starts, self.line_starts[line]) if line >= 0 else 0
        hi = bisect_left(self.starts, self.line_ends[line]) if line >= 0 else len(toks)
        a, b = max(a, lo), min(b, hi)
        if a == lo:
            for k in range(a, min(a + 16, b)):
                if toks[k].text in DASHES and k > a and toks[k - 1].text == ")":
                    a = k + 1
                    break
        while a < b and (
            toks[a].text in STRIP_PUNCT or toks[a].is_space or toks[a].lower_ in LEADING_WORDS and a + 1 < b
        ):
            a += 1
        while b > a and (
            toks[b - 1].text in STRIP_PUNCT or toks[b - 1].is_space or toks[b - 1].lower_ in LEADING_WORDS
        ):
            b -= 1
        return a, b

    def indirect(self, cues: list, direct: list[Found]) -> list[Found]:
        whole = [f for f in direct if f.attributed and f.marked is not None]
        parts = [f for f in direct if not f.attributed]
        out: list[Found] = []
        for cue in cues:
            frame = "source" if cue.lower_ == "according" else self.frame(cue)
            if frame not in ("clause", "charge", "source"):
                continue
            if any(c.dep_ == "aux" and c.tag_ == "TO" for c in cue.children):
                continue  # "declined to say whether", "is expected to announce that": nothing said yet
            if frame == "source":
                spans = self.according(cue)
            elif frame == "charge":
                spans = self.charge(cue)
            else:
                spans = self.clause_spans(cue)
            found = self.reports(cue, spans, whole, parts)
            if not found and frame == "clause":
                found = self.reports(cue, self.inverted(cue), whole, parts)
            out.extend(found)
        return out

    def reports(self, cue, spans, whole: list[Found], parts: list[Found]) -> list[Found]:
        """Indirect or mixed quotes for the clause spans of one reporting verb."""
        out: list[Found] = []
        eid = words = subj = None
        for a, b in spans:
            a, b = self.tidy(a, b, cue.i)
            a, b = self.tidy(*self.trim(a, b, cue), cue.i)
            if sum(1 for t in self.toks[a:b] if t.is_alpha) < 2:
                continue
            s, e = self.chars(a, b)
            if any(s < f.marked.close and f.marked.open < e for f in whole):
                continue  # the clause is (part of) a quotation already attributed
            if words is None:
                subj = self.subject(cue)
                if subj is not None and s <= subj.idx < e:
                    subj = None
                eid, words = self.speaker(subj)
                if words is None:
                    break
            m = next(
                (m for m in self.loose if s <= m.open + 1 and m.close <= e + 1 and m.end - m.start >= 0.8 * (e - s)),
                None,
            )
            if m is not None:
                # a whole quotation the parser made the reporting verb's complement: direct speech
                out.append(Found(m.start, m.end, "direct", cue, eid, words, m, True, subj))
                continue
            kind = "indirect"
            inside = [f for f in parts if f.marked.start < e and s < f.marked.end]
            if inside:
                kind = "mixed"
                words_in = [t for t in self.toks[a:b] if t.is_alpha or t.like_num]
                quoted = sum(1 for t in words_in if any(f.start <= t.idx < f.end for f in inside))
                if len(words_in) - quoted < 3 or quoted >= 0.6 * len(words_in) or cue.dep_ == "relcl":
                    # mostly the quoted words, or a relative clause without its subject ("games that Beijing
                    # said were a warning to "separatist forces""): the direct quote says it all
                    continue
                # keep the quotation marks the parser left outside the clause
                s = min([s] + [f.marked.open for f in inside if not self.text[f.marked.open : s].strip(QUOTE_CHARS)])
                e = max([e] + [f.marked.close + 1 for f in inside if not self.text[e : f.marked.close].strip(" ,.;:")])
            out.append(Found(s, e, kind, cue, eid, words, head=subj))
        return out

    def trim(self, a: int, b: int, cue) -> tuple[int, int]:
        """End a reported clause before words that are not part of it: a second report ("..., while the
        adviser said ...", "... and warned that ..."), and a reporter's comment at its end ("..., which
        Paris denied", "..., a claim the ministry denied")."""
        toks = self.toks
        if a >= b:
            return a, b
        root = next((t for t in toks[a:b] if not a <= t.head.i < b or t.head is t), toks[a])
        for k in range(root.i + 1, b):
            t = toks[k]
            if t is cue or t.dep_ not in ("conj", "advcl", "parataxis", "relcl", "ccomp") or not self.is_cue(t):
                continue
            own = [c for c in t.children if c.dep_ in SUBJECT_DEPS]
            which = any(c.dep_ == "dobj" and c.tag_ == "WDT" for c in t.children)
            if t.dep_ in ("relcl", "ccomp"):
                # ", which the army rejected": another party's view of the report
                if not own or own[0].pos_ == "PRON" or own[0].lower_ in RELATIVE:
                    continue
                if not which and (t.dep_ == "ccomp" or t.right_edge.i < b - 1):
                    continue
            elif not own:
                if t.dep_ != "conj" or cue.lower_ == "according":
                    continue  # "according to X, A did B and asked C": all of it is X's account
            elif self.frame(t) == "clause" and not any(c.dep_ == "ccomp" for c in t.children):
                continue  # "if Hungary maintains its veto": a verb that reports nothing here
            start = t.i
            if own:
                # from the subject leftwards over the clause's own opening words, to the comma before them
                start = own[0].left_edge.i
                while start - 1 > max(a, t.left_edge.i - 1) and toks[start - 1].text not in (",", ";", *DASHES):
                    start -= 1
            if start > a:
                b = start
                break
        for k in range(a + 1, b - 1):
            if toks[k].text not in (",", *DASHES):
                continue
            m = k + 1
            while m < b and (toks[m].pos_ in ("DET", "ADJ") or toks[m].tag_ == "PRP$"):
                m += 1
            if m < b and m > k + 1 and toks[m].pos_ == "NOUN" and toks[m].lemma_.lower() in self.lex.comments:
                return a, k  # "..., a figure that could not be independently verified"
        return a, b

    def charge(self, cue) -> list[tuple[int, int]]:
        """ "accused Manila of teaming up with ...": the accused and the charge."""
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        kids = list(cue.children)
        if obj is not None and cue.tag_ != "VBG":
            kids += list(obj.children)  # "accused the opposition of ...", as the parser often attaches it
        of = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "of"), None)
        if obj is None or of is None or of.i < obj.i:
            return []
        return [(obj.left_edge.i, of.right_edge.i + 1)]

    def according(self, cue) -> list[tuple[int, int]]:
        """ "X, according to Y" / "According to Y, X": the rest of the sentence, unless Y is a document."""
        src = self.subject(cue)
        if src is None or src.lemma_.lower() in self.lex.documents or src.lower_ in self.lex.documents:
            return []
        sent = cue.sent
        end = src.right_edge.i + 1
        before = (sent.start, cue.i)
        after = (end, sent.end)
        if sum(1 for t in self.toks[before[0] : before[1]] if t.is_alpha) >= 3:
            return [before]
        return [after]

    def pronoun_speakers(self, found: list[Found]) -> None:
        """ "she said" that the entity stage left unresolved: the latest speaker of a fitting type nearby."""
        want = {"he": ("PERSON",), "she": ("PERSON",), "it": ("ORG", "GPE")}
        ordered = sorted(found, key=lambda f: f.anchor)
        for k, f in enumerate(ordered):
            types = want.get((f.speaker_text or "").lower())
            if f.speaker is not None or types is None:
                continue
            line = self.line_of(f.anchor)
            for g in reversed(ordered[:k]):
                if self.line_of(g.anchor) < line - 1:
                    break
                e = self.index.entity(g.speaker)
                if e is not None and e.type in types:
                    f.speaker = g.speaker
                    break
                if (
                    e is None
                    and g.head is not None
                    and g.head.tag_ == "NN"
                    and (g.speaker_text or "he").lower() not in want
                ):
                    # "A spokesman for the ministry denied ... he said": the same unnamed speaker
                    f.speaker_text, f.head = g.speaker_text, g.head
                    break
                if g.speaker_text and g.speaker_text.lower() not in want:
                    break  # the nearest speaker does not fit: no guess

    # ------------------------------------------------------------------ all together
    def run(self) -> list[Quote]:
        marks = find_marked(self.text)
        direct, waiting = self.direct(marks)
        self.loose = [m for m in marks if not any(f.marked is m for f in direct)]
        cues = [t for t in self.toks if self.is_cue(t)]
        indirect = self.indirect(cues, direct)
        inherited = self.inherit(waiting, direct + indirect)
        self.pronoun_speakers(direct + indirect + inherited)
        seen: set[tuple[int, int]] = set()
        out: list[Quote] = []
        for f in sorted(direct + inherited + indirect, key=lambda f: (f.start, f.end)):
            if (f.start, f.end) in seen or f.start >= f.end:
                continue
            seen.add((f.start, f.end))
            cue = None
            if f.cue is not None:
                cue = "according to" if f.cue.lower_ == "according" else f.cue.text
            out.append(
                Quote(
                    id=f"q{len(out) + 1}",
                    speaker=f.speaker,
                    speaker_text=f.speaker_text,
                    cue=cue,
                    kind=f.kind,
                    text=self.text[f.start : f.end],
                    start=f.start,
                    end=f.end,
                )
            )
        return out


def find_quotes(doc, index) -> list[Quote]:
    """Direct, indirect and mixed quotes of one parsed article, in text order."""
    if not doc.text.strip():
        return []
    return QuoteFinder(doc, index).run()
