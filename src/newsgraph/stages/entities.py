"""Entity mentions: spaCy NER corrected by the knowledge-base ruler, plus titles and ministries.

Produces `Mention` records (names, titles such as "the Iranian president" or "Kremlin spokesman",
ministries such as "Lebanon's health ministry") that the coreference stage groups into entities.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..kb import Entry, KnowledgeBase

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW"}
TITLE_MODIFIERS = {"new", "newly", "elected", "newly-elected", "former", "current", "late", "acting", "outgoing",
                   "incoming", "then", "interim", "previous", "de", "facto", "top", "powerful", "veteran",
                   "sitting", "ousted", "deposed", "self-declared", "military", "senior", "chief"}
PAST_MODIFIERS = {"former", "late", "previous", "ousted", "deposed", "outgoing", "then"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their"}


@dataclass
class Mention:
    start: int  # token indexes [start, end)
    end: int
    start_char: int
    end_char: int
    text: str
    label: str
    kind: str  # name | title | ministry | acronym | pronoun | anaphor | surname
    entry: Entry | None = None
    # for titles: office kind, the owning country/org, the title words as written
    office_kind: str | None = None
    owner: str | None = None
    role_text: str | None = None
    past: bool = False
    name_of: int | None = None  # index of the name mention a title is attached to
    extra: dict = field(default_factory=dict)


def _strip_span(doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive from a token span."""
    while start < end - 1 and doc[start].lower_ in ("the",):
        start += 1
    while end - 1 > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return start, end


def _mention(doc, start: int, end: int, label: str, kind: str, entry: Entry | None = None, **kw) -> Mention:
    span = doc[start:end]
    return Mention(start, end, span.start_char, span.end_char, span.text, label, kind, entry, **kw)


def find_mentions(doc, kb: KnowledgeBase, published: str | None) -> list[Mention]:
    names = _join_cut_names(doc, _name_mentions(doc, kb))
    titles = _title_mentions(doc, kb, names)
    ministries = _ministry_mentions(doc, kb, names, titles)
    out = names + titles + ministries
    out.sort(key=lambda m: (m.start, -m.end))
    return out


# ---------------------------------------------------------------------------- names
def _name_mentions(doc, kb: KnowledgeBase) -> list[Mention]:
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        start, end = _strip_span(doc, ent.start, ent.end)
        text = doc[start:end].text
        if not re.search(r"[A-Za-z]", text) or text.islower() and ent.label_ != "NORP":
            continue
        entry = None
        if ent.ent_id_:
            entry = next((e for e in kb.lookup(text) if e.kb_id == ent.ent_id_), None)
        if entry is None:
            entry = _kb_entry(kb, text, ent.label_)
        if entry is not None and entry.kind == "demonym":
            out.append(_mention(doc, start, end, "NORP", "name", entry))
            continue
        label = entry.type if entry else ent.label_
        if label == "NORP" and entry is None:
            # "Russian-Iranian", "Western": keep the country or region of a known adjective
            code = kb.country_of_word(text)
            out.append(_mention(doc, start, end, "NORP", "name", None, owner=code))
            continue
        out.append(_mention(doc, start, end, label, "name", entry))
    return out


def _join_cut_names(doc, names: list[Mention]) -> list[Mention]:
    """An organisation's name that the ruler cut before a country ("Ministry of Energy of" + "Kazakhstan")
    is joined back into one mention."""
    out: list[Mention] = []
    for m in names:
        prev = out[-1] if out else None
        if prev is not None and prev.label == "ORG" and prev.entry is None and prev.end == m.start and \
                doc[prev.end - 1].lower_ in ("of", "for", "and") and m.label in ("GPE", "ORG", "LOC"):
            out[-1] = _mention(doc, prev.start, m.end, "ORG", "name", None)
            continue
        out.append(m)
    return out


def _kb_entry(kb: KnowledgeBase, text: str, label: str) -> Entry | None:
    entries = kb.lookup(text)
    if not entries and text.isupper() and len(text) > 3:
        entries = kb.lookup(text.title())
    if not entries:
        return None
    # prefer an entry whose type agrees with spaCy's label
    for e in entries:
        if e.type == label:
            return e
    return entries[0]


# ---------------------------------------------------------------------------- titles
def _title_trie(kb: KnowledgeBase) -> dict:
    trie = getattr(kb, "_title_trie", None)
    if trie is None:
        trie = {}
        phrases = [(t, k, None) for t, k in kb.titles.items()]
        phrases += [(a, kb.offices[o].kind, o) for a, o in kb.office_aliases.items()]
        for phrase, kind, office in phrases:
            node = trie
            for w in re.findall(r"[\w'-]+", phrase.lower()):
                node = node.setdefault(w, {})
            node["$"] = (kind, office)
        kb._title_trie = trie
    return trie


def _match_title(doc, i: int, trie: dict) -> tuple[int, str, str | None] | None:
    """Longest title phrase starting at token i: (end, kind, office_id)."""
    node, best, j = trie, None, i
    while j < len(doc):
        w = doc[j].lower_
        if w not in node:
            # "Secretary-General" is split into three tokens by the tokenizer
            if w == "-" and j + 1 < len(doc):
                j += 1
                continue
            break
        node = node[w]
        j += 1
        if "$" in node:
            best = (j, *node["$"])
    return best


def _owner_before(doc, k: int, kb: KnowledgeBase, by_token: dict[int, Mention]) -> tuple[str | None, int]:
    """The country, region or organisation named just before token k (exclusive): (owner, start)."""
    if k <= 0:
        return None, k
    j = k - 1
    if doc[j].tag_ == "POS" and j > 0:  # Iran's / the EU's
        j -= 1
    m = by_token.get(j)
    if m is not None and m.kind == "name":
        if m.entry is not None:
            return _owner_of_entry(m.entry, kb), m.start
        if m.label == "NORP" and m.owner:
            return m.owner, m.start
        if m.label in ("ORG", "GPE", "FAC"):
            return "mention:" + str(m.start), m.start
    # multi-word adjectives the NER did not tag ("South Korean")
    for n in (2, 1):
        if j - n + 1 >= 0:
            words = doc[j - n + 1 : j + 1].text
            code = kb.country_of_word(words)
            if code:
                return code, j - n + 1
    return None, k


def _owner_of_entry(entry: Entry, kb: KnowledgeBase) -> str | None:
    if entry.kind in ("country", "demonym", "capital"):
        return entry.country
    if entry.kind == "region":
        return entry.actor_code
    if entry.kind == "org":
        return entry.kb_id
    return entry.country


def _title_mentions(doc, kb: KnowledgeBase, names: list[Mention]) -> list[Mention]:
    trie = _title_trie(kb)
    by_token = {t: m for m in names for t in range(m.start, m.end)}
    name_starts = {m.start: idx for idx, m in enumerate(names)}
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in by_token and by_token[i].label not in ("NORP",) and by_token[i].kind == "name":
            # a title can overlap an organisation's name ("Commission President"): only at the name's end
            m = by_token[i]
            if m.label != "ORG" or i != m.end - 1:
                i += 1
                continue
        hit = _match_title(doc, i, trie)
        if hit is None:
            i += 1
            continue
        end, kind, office = hit
        if end < len(doc) and doc[end].lower_ in ("minister", "secretary", "ministry"):
            i += 1  # "foreign" + "minister" is matched from "foreign"; "defence ministry" is not a title
            continue
        # left context: modifiers, an owner, a determiner
        k = i
        past = False
        while k > 0 and doc[k - 1].lower_ in TITLE_MODIFIERS and (k - 1) not in by_token:
            k -= 1
            past = past or doc[k].lower_ in PAST_MODIFIERS
        owner, owner_start = _owner_before(doc, k, kb, by_token)
        start = owner_start if owner else k
        while start > 0 and doc[start - 1].lower_ in TITLE_MODIFIERS and (start - 1) not in by_token:
            start -= 1
            past = past or doc[start].lower_ in PAST_MODIFIERS
        det = start > 0 and doc[start - 1].lower_ in DETERMINERS
        # right context: "of Country", "of the United Nations", chains ("press secretary of the President of …")
        j = end
        while owner is None and j + 1 < len(doc) and doc[j].lower_ == "of":
            q = j + 1
            if doc[q].lower_ == "the":
                q += 1
            m = by_token.get(q)
            if m is not None and m.kind == "name" and m.start == q and m.entry is not None:
                owner = _owner_of_entry(m.entry, kb)
                end = m.end
                break
            if m is not None and m.kind == "name" and m.start == q and m.label in ("ORG", "GPE"):
                owner = "mention:" + str(m.start)
                end = m.end
                break
            inner = _match_title(doc, q, trie)
            if inner is None:
                if doc[q].lower_ in ("republic", "country", "kingdom") and doc[q - 1].lower_ == "the":
                    owner = "anaphor:country"  # "the head of the republic": resolved by coreference
                    end = q + 1
                break
            j = inner[0]
            end = j
        if office:
            owner = kb.offices[office].owner

        name_idx = None
        gap = end
        while gap < len(doc) and gap - end < 2 and gap not in name_starts and gap not in by_token and \
                doc[gap].pos_ == "PROPN" and doc[gap].text[:1].isupper():
            gap += 1
        if gap != end and gap in name_starts and names[name_starts[gap]].label == "PERSON":
            nm = names[name_starts[gap]]
            nm.start, nm.start_char, nm.text = end, doc[end].idx, doc[end:nm.end].text
            name_starts[end] = name_starts.pop(gap)
        if end < len(doc) and end in name_starts and names[name_starts[end]].label in ("PERSON",):
            name_idx = name_starts[end]
        elif end < len(doc) and end in name_starts and names[name_starts[end]].label in ("ORG", "GPE", "NORP"):
            # spaCy sometimes tags an unknown person after a title as ORG/GPE: trust the title
            nm = names[name_starts[end]]
            if nm.entry is None and doc[nm.start].pos_ == "PROPN" and nm.end - nm.start <= 3:
                nm.label = "PERSON"
                name_idx = name_starts[end]
        if name_idx is None and start > 0 and doc[start - 1].lower_ in ("next", "future", "possible"):
            i = end  # "the next leader": not the office-holder of the article's date
            continue
        capital = doc[i].text[:1].isupper()
        if name_idx is None and owner is None and not (det and kind != "role" and capital):
            # a bare lower-case title ("the leader", "a spokesman") names nobody in particular
            if not (det and kind in ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")):
                i = end
                continue
        if name_idx is None and kind == "role" and owner is None:
            i = end
            continue
        s = start - 1 if det and name_idx is None else start
        if name_idx is not None:
            nm = names[name_idx]
            m = _mention(doc, s, nm.end, "PERSON", "title", None, office_kind=kind, owner=owner,
                         role_text=doc[start:end].text, past=past, name_of=name_idx)
        else:
            m = _mention(doc, s, end, "PERSON", "title", None, office_kind=kind, owner=owner,
                         role_text=doc[start:end].text, past=past)
        if office:
            m.extra["office"] = office
        if doc[start - 1].lower_ in ("his", "her") if start > 0 else False:
            m.extra["possessor"] = start - 1
        out.append(m)
        i = end
    return out


# ---------------------------------------------------------------------------- ministries
_MINISTRY = re.compile(r"^(?:ministry|department|office)$", re.I)


def _ministry_mentions(doc, kb: KnowledgeBase, names: list[Mention], titles: list[Mention]) -> list[Mention]:
    """Lower-case ministries spaCy does not tag: "Lebanon's health ministry", "the energy ministry"."""
    taken = {t for m in names + titles for t in range(m.start, m.end)}
    by_token = {t: m for m in names for t in range(m.start, m.end)}
    out = []
    for tok in doc:
        if tok.lower_ != "ministry" or tok.i in taken:
            continue
        j = tok.i
        while j > 0 and doc[j - 1].pos_ in ("NOUN", "ADJ", "PROPN") and (j - 1) not in taken and j > tok.i - 3:
            j -= 1
        owner, ostart = _owner_before(doc, j, kb, by_token)
        if owner is None and j == tok.i:
            continue  # "the ministry": an anaphor, resolved later
        start = ostart if owner else j
        m = _mention(doc, start, tok.i + 1, "ORG", "ministry", None, owner=owner,
                     role_text=doc[j : tok.i + 1].text.lower())
        out.append(m)
    return out
