"""Entity mentions: spaCy NER corrected by the knowledge-base ruler, plus titles and ministries.

Produces `Mention` records (names, titles such as "the Iranian president" or "Kremlin spokesman",
ministries such as "Lebanon's health ministry") that the coreference stage groups into entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..kb import Entry, KnowledgeBase, fold_name

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW"}
TITLE_MODIFIERS = {
    "new",
    "newly",
    "elected",
    "newly-elected",
    "former",
    "current",
    "late",
    "acting",
    "outgoing",
    "incoming",
    "then",
    "interim",
    "previous",
    "de",
    "facto",
    "top",
    "powerful",
    "veteran",
    "sitting",
    "ousted",
    "deposed",
    "self-declared",
    "military",
    "senior",
    "chief",
}
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
    name_of: Mention | None = None  # the name mention a title is attached to
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


def find_mentions(doc, kb: KnowledgeBase, published: str | None, source: str | None = None) -> list[Mention]:
    names = _name_mentions(doc, kb)
    names = _join_cut_names(doc, names)
    names = _extend_persons(doc, names)
    names = _source_mentions(doc, names, source)
    names = _facilities(doc, kb, names)
    titles = _title_mentions(doc, kb, names)
    inside = {t for m in titles for t in range(*m.extra["title_words"])}
    names = [m for m in names if not all(t in inside for t in range(m.start, m.end)) or m.label == "NORP"]
    owned = _institution_mentions(doc, kb, names, titles)
    regions = _directional_regions(doc, names, titles)
    out = names + titles + owned + regions
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
            entry = kb.by_id.get(ent.ent_id_)
        if entry is None:
            entry = _kb_entry(kb, text, ent.label_)
        if (
            entry is not None
            and entry.type == "LOC"
            and end - start == 1
            and fold_name(text) != fold_name(entry.name)
            and end < len(doc)
            and doc[end].pos_ == "NOUN"
            and doc[end].is_lower
        ):
            out.append(_mention(doc, start, end, "NORP", "name", None))
            continue  # "the Caspian summit": an adjective, not the sea
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
    return out + _adjectives(doc, kb, out)


def _adjectives(doc, kb: KnowledgeBase, names: list[Mention]) -> list[Mention]:
    """Country and region adjectives the NER left untagged ("Western experts", "South Korean troops")."""
    taken = {t for m in names for t in range(m.start, m.end)}
    out = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or not tok.text[:1].isupper() or tok.pos_ not in ("ADJ", "PROPN", "NOUN"):
            i += 1
            continue
        for width in (2, 1):
            if i + width <= n and not any(t in taken for t in range(i, i + width)):
                words = doc[i : i + width].text
                code = kb.adjectives.get(words)
                if code:
                    out.append(_mention(doc, i, i + width, "NORP", "name", None, owner=code))
                    i += width
                    break
        else:
            i += 1
    return out


def _join_cut_names(doc, names: list[Mention]) -> list[Mention]:
    """An organisation's name that the ruler cut before a country ("Ministry of Energy of" + "Kazakhstan")
    is joined back into one mention."""
    out: list[Mention] = []
    for m in names:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "ORG"
            and prev.entry is None
            and prev.end == m.start
            and doc[prev.end - 1].lower_ in ("of", "for", "and")
            and m.label in ("GPE", "ORG", "LOC")
        ):
            out[-1] = _mention(doc, prev.start, m.end, "ORG", "name", None)
            continue
        out.append(m)
    return out


def _extend_persons(doc, names: list[Mention]) -> list[Mention]:
    """A person's name the NER cut short ("Ursula von der" + "Leyen", "Rovshan" + "Najaf"): the parser
    joins the parts as one noun phrase, so the name runs on over the next proper noun."""
    starts = {m.start: m for m in names}
    drop: set[int] = set()
    for m in names:
        if m.label == "PERSON" and id(m) not in drop:
            _grow_person(doc, m, starts, drop)
    return [m for m in names if id(m) not in drop]


def _grow_person(doc, m: Mention, starts: dict[int, Mention], drop: set[int]) -> None:
    grown = 0
    while m.end < len(doc) and grown < 2:
        nxt = doc[m.end]
        last = doc[m.end - 1]
        joined = last.text.endswith("-") and not last.whitespace_  # "Abdul Malik al-" + "Houthi"
        if not joined and (
            nxt.pos_ != "PROPN"
            or not nxt.text[:1].isupper()
            or last.dep_ not in ("compound", "flat")
            or last.head.i < m.end
        ):
            break
        other = starts.get(m.end)
        if other is not None:
            if other.end - other.start > 1:
                break
            drop.add(id(other))
        span = doc[m.start : m.end + 1]
        m.end, m.end_char, m.text, m.entry = m.end + 1, span.end_char, span.text, None
        grown += 1


def _source_mentions(doc, names: list[Mention], source: str | None) -> list[Mention]:
    """The publication named in its own text ("BRUSSELS, June 24 (Continental Wire) -") is one ORG."""
    if not source or len(source) < 3:
        return names
    spans = []
    for mt in re.finditer(re.escape(source), doc.text):
        span = doc.char_span(mt.start(), mt.end(), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    if not spans:
        return names
    covered = {t for sp in spans for t in range(sp.start, sp.end)}
    kept = [m for m in names if not any(t in covered for t in range(m.start, m.end))]
    for sp in spans:
        kept.append(
            Mention(sp.start, sp.end, sp.start_char, sp.end_char, sp.text, "ORG", "name", None, extra={"media": True})
        )
    kept.sort(key=lambda m: m.start)
    return kept


def _facilities(doc, kb: KnowledgeBase, names: list[Mention]) -> list[Mention]:
    """Names followed by a facility noun become facilities: "Zamzam camp", "Kropotkinskaya pumping station";
    names after "the village of", "the town of" are places."""
    taken = {t for m in names for t in range(m.start, m.end)}
    for m in names:
        if (
            m.label in ("PERSON", "NORP")
            or m.entry is not None
            and (m.entry.kind in ("country", "region", "org") or m.entry.type == "LOC")
        ):
            continue
        best = 0
        for n in (3, 2, 1):
            if m.end + n <= len(doc) and not any(t in taken for t in range(m.end, m.end + n)):
                words = doc[m.end : m.end + n]
                if words.text.lower() in kb.facilities and all(t.is_lower for t in words):
                    best = n
                    break
        if best:
            span = doc[m.start : m.end + best]
            found = [e for e in kb.lookup_folded(span.text) if e.type == "FAC"]
            m.end, m.end_char, m.text, m.label = span.end, span.end_char, span.text, "FAC"
            m.entry = found[0] if found else None
            continue
        if (
            m.label != "GPE"
            and m.start >= 2
            and doc[m.start - 1].lower_ == "of"
            and doc[m.start - 2].lower_ in ("village", "town", "city", "district", "province", "region", "county")
        ):
            m.label = "GPE"
    return names


def _kb_entry(kb: KnowledgeBase, text: str, label: str) -> Entry | None:
    entries = kb.lookup(text) or kb.lookup_folded(text)
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


def _modifier(tok) -> bool:
    """Words that may stand between an owner and a title: "Hamas political leader", "the newly elected"."""
    return (
        tok.lower_ in TITLE_MODIFIERS
        or tok.pos_ == "ADJ"
        and tok.is_lower
        and tok.tag_ == "JJ"
        or tok.pos_ == "NOUN"
        and tok.is_lower
        and tok.dep_ == "compound"  # "Egypt's intelligence chief"
    )


def _title_mentions(doc, kb: KnowledgeBase, names: list[Mention]) -> list[Mention]:
    trie = _title_trie(kb)
    by_token = {t: m for m in names for t in range(m.start, m.end)}
    name_starts = {m.start: idx for idx, m in enumerate(names)}
    starts = {m.start: m for m in names}
    grown_over: set[int] = set()
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        hit = _match_title(doc, i, trie)
        if hit is None:
            i += 1
            continue
        end, kind, office = hit
        if i in by_token and by_token[i].label != "NORP":
            # a title starts inside a name only when it swallows the name the NER made of its words
            # ("Chief Cabinet" + "Secretary") or when the name is a one-word ORG the title is about
            m = by_token[i]
            if not (end >= m.end and m.entry is None or m.label == "ORG" and i == m.end - 1 and m.entry is None):
                i += 1
                continue
        title_words = (i, end)
        if end < len(doc) and doc[end].lower_ in ("minister", "secretary", "ministry"):
            i += 1  # "foreign" + "minister" is matched from "foreign"; "defence ministry" is not a title
            continue
        # left context: modifiers, an owner, a determiner
        k = i
        past = False
        while k > 0 and _modifier(doc[k - 1]) and (k - 1) not in by_token:
            k -= 1
            past = past or doc[k].lower_ in PAST_MODIFIERS
        owner, owner_start = _owner_before(doc, k, kb, by_token)
        start = owner_start if owner else k
        while start > 0 and _modifier(doc[start - 1]) and (start - 1) not in by_token:
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
        while (
            gap < len(doc)
            and gap - end < 2
            and gap not in name_starts
            and gap not in by_token
            and doc[gap].pos_ == "PROPN"
            and doc[gap].text[:1].isupper()
        ):
            gap += 1
        if gap != end and gap in name_starts and names[name_starts[gap]].label == "PERSON":
            nm = names[name_starts[gap]]
            nm.start, nm.start_char, nm.text = end, doc[end].idx, doc[end : nm.end].text
            name_starts[end] = name_starts.pop(gap)
        if (
            end + 1 < len(doc)
            and end in name_starts
            and names[name_starts[end]].entry is not None
            and names[name_starts[end]].label == "GPE"
            and names[name_starts[end]].end == end + 1
            and doc[end + 1].pos_ == "PROPN"
            and doc[end + 1].text[:1].isupper()
            and (end + 1) not in by_token
        ):
            nm = names[name_starts[end]]
            span = doc[end : end + 2]
            nm.end, nm.end_char, nm.text, nm.entry, nm.label = end + 2, span.end_char, span.text, None, "PERSON"
        if end < len(doc) and end in name_starts and names[name_starts[end]].label in ("PERSON",):
            name_idx = name_starts[end]
        elif end < len(doc) and end in name_starts and names[name_starts[end]].label in ("ORG", "GPE", "NORP"):
            # spaCy sometimes tags an unknown person after a title as ORG/GPE: trust the title
            nm = names[name_starts[end]]
            if nm.entry is None and doc[nm.start].pos_ == "PROPN" and nm.end - nm.start <= 3:
                nm.label = "PERSON"
                name_idx = name_starts[end]
                _grow_person(doc, nm, starts, grown_over)
        if name_idx is None and any(
            doc[x].lower_ in ("next", "future", "possible", "potential") for x in range(max(0, start - 1), i)
        ):
            i = end  # "the next leader": not the office-holder of the article's date
            continue
        capital = doc[i].text[:1].isupper()
        appositive = (
            end + 1 < len(doc)
            and doc[end].text == ","
            and (end + 1) in name_starts
            and names[name_starts[end + 1]].label == "PERSON"
        )
        if name_idx is None and owner is None and not appositive and not (det and kind != "role" and capital):
            # a bare lower-case title ("the leader", "a spokesman") names nobody in particular
            if not (det and kind in ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")):
                i = end
                continue
        if name_idx is None and kind == "role" and owner is None and not appositive:
            i = end
            continue
        s = start - 1 if det and name_idx is None else start
        if name_idx is not None:
            nm = names[name_idx]
        else:
            nm = None
        m = _mention(
            doc,
            s,
            nm.end if nm is not None else end,
            "PERSON",
            "title",
            None,
            office_kind=kind,
            owner=owner,
            role_text=doc[start:end].text,
            past=past,
            name_of=nm,
        )
        m.extra["title_words"] = title_words
        if office:
            m.extra["office"] = office
        if doc[start - 1].lower_ in ("his", "her") if start > 0 else False:
            m.extra["possessor"] = start - 1
        out.append(m)
        i = end
    if grown_over:
        names[:] = [m for m in names if id(m) not in grown_over]
    return out


# ---------------------------------------------------------------------------- institutions
def _institution_mentions(doc, kb: KnowledgeBase, names: list[Mention], titles: list[Mention]) -> list[Mention]:
    """Owned institutions spaCy does not tag: "Lebanon's health ministry", "the Lebanese army",
    "the energy ministry"; a knowledge-base organisation when one has that name ("Israeli military")."""
    taken = {t for m in names + titles for t in range(m.start, m.end)}
    by_token = {t: m for m in names for t in range(m.start, m.end)}
    out = []
    low = [t.lower_ for t in doc]
    first_words = {w.split()[0] for w in kb.institutions}
    i = 0
    while i < len(doc):
        hit = None
        if low[i] in first_words and i not in taken and doc[i].is_lower:
            for n in (2, 1):
                if (
                    i + n <= len(doc)
                    and " ".join(low[i : i + n]) in kb.institutions
                    and not any(t in taken for t in range(i, i + n))
                ):
                    hit = n
                    break
        if hit is None:
            i += 1
            continue
        head = doc[i : i + hit].text.lower()
        end = i + hit
        if doc[end - 1].pos_ not in ("NOUN", "PROPN") or end < len(doc) and doc[end].pos_ == "NOUN":
            i = end
            continue  # "military actions": an adjective or a modifier, not the institution
        j = i
        if head == "ministry":  # "health ministry", "foreign ministry", "energy ministry"
            while (
                j > 0
                and doc[j - 1].pos_ in ("NOUN", "ADJ", "PROPN")
                and (j - 1) not in taken
                and j > i - 2
                and doc[j - 1].is_lower
            ):
                j -= 1
        # "the Houthi-run health ministry", "the Hamas-led government": the modifier names the owner
        if j >= 3 and doc[j - 2].text == "-" and doc[j - 1].lower_ in ("run", "led", "controlled", "backed"):
            j -= 3
        owner, ostart = _owner_before(doc, j, kb, by_token)
        implied = None
        if owner is None and head == "ministry" and j < i:
            implied = _sentence_country(doc, i, names) or _dateline_country(doc, names)
        if owner is None and implied is None:
            i = end
            continue  # "the army": a definite description, resolved by coreference
        if owner is not None and ostart < j and not (owner in kb.countries or owner in kb.regions or owner in kb.orgs):
            owner = None if head != "ministry" else owner
        start = ostart if owner else j
        entry = None
        if owner in kb.countries and head in ("army", "military", "armed forces", "navy", "air force", "coast guard"):
            c = kb.countries[owner]
            for word in (*c.adjectives, c.name):
                found = kb.lookup(f"{word} {head}") or kb.lookup(f"{word} {head}".title())
                if found and found[0].kind == "org":
                    entry = found[0]
                    break
        if head in ("forces", "troops", "authorities") and owner is None:
            i = end
            continue
        label = (
            "ORG"
            if head in ("ministry", "army", "navy", "air force", "coast guard", "police", "parliament", "embassy")
            or entry is not None
            else "NORP"
        )
        m = _mention(
            doc,
            start,
            end,
            label,
            "ministry" if head == "ministry" else "institution",
            entry,
            owner=owner or implied,
            role_text=doc[j:end].text.lower(),
        )
        if implied:
            m.extra["implied_owner"] = True
        m.extra["sector"] = kb.institutions[head]
        out.append(m)
        for t in range(start, end):
            taken.add(t)
        i = end
    return out


def _sentence_country(doc, i: int, names: list[Mention]) -> str | None:
    """The first country named in token i's sentence before token i."""
    sent = doc[i].sent
    for m in names:
        if sent.start <= m.start < i and m.entry is not None and m.entry.kind in ("country", "capital", "demonym"):
            return m.entry.country
    return None


def _dateline_country(doc, names: list[Mention]) -> str | None:
    """The country of a dateline's city: "ASTANA, Feb 19 (Wire) -" at the start of a paragraph."""
    for m in names:
        if m.entry is None or m.entry.kind not in ("capital", "place") or m.end >= len(doc):
            continue
        if doc[m.start].is_upper and doc[m.end].text == "," and (m.start == 0 or "\n" in doc[m.start - 1].text_with_ws):
            return m.entry.country
    return None


DIRECTIONS = {
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
}


def _directional_regions(doc, names: list[Mention], titles: list[Mention]) -> list[Mention]:
    """ "eastern Congo", "southern Lebanon": a region of a country or place, a LOC of its own."""
    out = []
    for m in names:
        if (
            m.label in ("GPE", "LOC")
            and m.start > 0
            and doc[m.start - 1].lower_ in DIRECTIONS
            and doc[m.start - 1].is_lower
            and m.entry is not None
            and m.entry.kind in ("country", "place")
        ):
            r = _mention(doc, m.start - 1, m.end, "LOC", "region", None, owner=m.entry.country)
            r.extra["of"] = m.entry.kb_id
            out.append(r)
    return out
