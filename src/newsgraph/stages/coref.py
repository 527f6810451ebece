"""Coreference: one entity per real-world thing per article.

Groups the mentions of the entity stage: knowledge-base ids, full names and surnames, titles
resolved to office-holders as of the article's date, appositions ("the head of Iran, Masoud
Pezeshkian"), acronyms defined in parentheses, shortened organisation names ("the Commission"),
definite descriptions ("the bloc") and personal pronouns.
"""

from __future__ import annotations

import re
import unicodedata

from ..kb import KnowledgeBase
from ..model import Entity, Span
from .entities import Mention, _owner_before
from .index import tokens

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Where the family name comes first in English-language news ("Lai Ching-te" is "Lai", "Kim Jong Un" is "Kim").
FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "HKG", "MAC", "KHM"}
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "sheikh",
    "sayyid",
    "prince",
    "king",
    "president",
    "colonel",
    "col",
    "lt",
    "major",
    "admiral",
    "adm",
    "sen",
    "rep",
}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"^(the|a|an)\s+", "", s.strip(), flags=re.I)
    s = re.sub(r"['’]s$", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


class Cluster:
    __slots__ = (
        "key",
        "mentions",
        "kb_id",
        "entry",
        "labels",
        "roles",
        "owners",
        "names",
        "gender",
        "office_kinds",
        "acronyms",
    )

    def __init__(self, key: str):
        self.key = key
        self.mentions: list[Mention] = []
        self.kb_id: str | None = None
        self.entry = None
        self.labels: list[str] = []
        self.roles: list[str] = []
        self.owners: list[str] = []
        self.names: set[str] = set()
        self.gender: str | None = None
        self.office_kinds: set[str] = set()
        self.acronyms: set[str] = set()

    @property
    def label(self) -> str:
        if self.entry is not None:
            return self.entry.type
        if not self.labels and any(m.kind == "title" for m in self.mentions):
            return "PERSON"
        if "PERSON" in self.labels and any(m.kind in ("title",) for m in self.mentions):
            return "PERSON"
        counts: dict[str, int] = {}
        for lab in self.labels:
            counts[lab] = counts.get(lab, 0) + 1
        return max(counts, key=lambda k: (counts[k], k == "PERSON")) if counts else "ORG"


class Resolver:
    def __init__(self, doc, mentions: list[Mention], kb: KnowledgeBase, published: str | None):
        self.doc, self.kb, self.published = doc, kb, published
        self.toks = tokens(doc)  # one Token object per token, shared by the passes
        self.mentions = mentions
        self.clusters: list[Cluster] = []
        self.by_key: dict[str, Cluster] = {}
        self.of_mention: dict[int, Cluster] = {}  # id(mention) -> cluster

    # ------------------------------------------------------------ cluster bookkeeping
    def cluster(self, key: str) -> Cluster:
        c = self.by_key.get(key)
        if c is None:
            c = self.by_key[key] = Cluster(key)
            self.clusters.append(c)
        return c

    def add(self, c: Cluster, m: Mention) -> None:
        c.mentions.append(m)
        self.of_mention[id(m)] = c
        if m.kind in ("name", "surname", "acronym", "region", "ministry", "institution"):
            c.labels.append(m.label)
            c.names.add(fold(m.text))
        if m.entry is not None and c.entry is None:
            c.entry, c.kb_id = m.entry, m.entry.kb_id
            p = self.kb.persons.get(m.entry.kb_id)
            if p is not None:
                c.gender = p.gender
        if m.role_text:
            c.roles.append(m.role_text)
        if m.owner and not m.owner.startswith("mention:"):
            c.owners.append(m.owner)
        if m.office_kind:
            c.office_kinds.add(m.office_kind)

    def merge(self, a: Cluster, b: Cluster) -> Cluster:
        """Merge b into a (a keeps its key)."""
        if a is b:
            return a
        if a.entry is not None and b.entry is not None and a.kb_id != b.kb_id:
            return a  # two different known things: never merge
        for m in b.mentions:
            self.add(a, m)
        if a.entry is None and b.entry is not None:
            a.entry, a.kb_id, a.gender = b.entry, b.kb_id, b.gender
        a.acronyms |= b.acronyms
        self.clusters.remove(b)
        for k, v in list(self.by_key.items()):
            if v is b:
                self.by_key[k] = a
        return a

    # ------------------------------------------------------------ passes
    def run(self) -> list[Cluster]:
        names = [m for m in self.mentions if m.kind == "name"]
        titles = [m for m in self.mentions if m.kind == "title"]
        for m in names:
            self._place_name(m)
        self._surnames()
        self._acronyms()
        for t in titles:
            self._place_title(t, names)
        for m in self.mentions:
            if m.kind in ("ministry", "institution"):
                self._place_ministry(m)
            elif m.kind == "region":
                self._place_region(m)
        self._appositions()
        self._anaphors()
        self._pronouns()
        return self.clusters

    def _place_name(self, m: Mention) -> None:
        if m.entry is not None:
            key = m.entry.kb_id
            if m.entry.kind == "demonym":
                key = f"norp:{m.entry.country}"
            self.add(self.cluster(key), m)
            return
        f = fold(m.text)
        if not f:
            return
        if m.label == "PERSON":
            toks = f.split()
            toks = [t for t in toks if t not in HONORIFICS] or toks
            for c in self.clusters:
                if c.label != "PERSON" or c.entry is not None and c.entry.type != "PERSON":
                    continue
                for n in c.names:
                    nt = n.split()
                    if (
                        n == " ".join(toks)
                        or len(toks) == 1
                        and nt
                        and toks[0] in self._short_names(c, n)
                        or len(nt) == 1
                        and toks
                        and nt[0] == toks[-1]
                        and len(nt[0]) > 2
                    ):
                        self.add(c, m)
                        return
            self.add(self.cluster("name:" + " ".join(toks)), m)
            return
        # organisations and places: same folded name, or a known acronym
        for c in self.clusters:
            if f in c.names or f.upper().replace(" ", "") in c.acronyms:
                if c.label in ("PERSON",) and m.label != "PERSON":
                    continue
                self.add(c, m)
                return
        # a shortened name of an organisation named before: "the Commission" after "European Commission"
        if m.label == "ORG" and len(f.split()) <= 2:
            for c in reversed(self.clusters):
                if c.label == "ORG" and any(n.endswith(" " + f) for n in c.names):
                    self.add(c, m)
                    return
        self.add(self.cluster("name:" + m.label + ":" + f), m)

    def _short_names(self, c: Cluster, name: str) -> set[str]:
        """How a person's full name is shortened: the surname, or the family name where it comes first."""
        parts = name.split()
        if len(parts) < 2:
            return set()
        out = {parts[-1]} if len(parts[-1]) > 2 else set()
        country = c.entry.country if c.entry is not None else next(iter(c.owners), None)
        raw = next((m.text for m in c.mentions if fold(m.text) == name), "")
        if (
            country in FAMILY_NAME_FIRST
            or re.search(r"\b[A-Z][a-z]+-[a-z]+\b", raw)
            or len(parts) == 3
            and all(len(p) <= 5 for p in parts)
        ):
            out.add(parts[0])
        return out

    def _surnames(self) -> None:
        """Bare surnames of people already named, wherever the NER missed or mislabelled them."""
        doc = self.doc
        surname: dict[str, Cluster] = {}
        for c in self.clusters:
            if c.label != "PERSON":
                continue
            for n in c.names:
                for short in self._short_names(c, n):
                    surname.setdefault(short, c)
        if not surname:
            return
        covered = {}
        for m in self.mentions:
            for t in range(m.start, m.end):
                covered[t] = m
        for tok in self.toks:
            if not tok.text[:1].isupper() or tok.lower_ not in surname:
                continue
            c = surname[tok.lower_]
            m = covered.get(tok.i)
            if m is not None:
                if m.kind == "name" and m.end - m.start == 1 and self.of_mention.get(id(m)) is not c:
                    old = self.of_mention.get(id(m))
                    if old is not None and old.entry is None and all(x.text == m.text for x in old.mentions):
                        for x in old.mentions:
                            x.label = "PERSON"
                        old.labels = ["PERSON"] * len(old.labels)
                        self.merge(c, old)
                    elif (
                        old is not None
                        and old.entry is not None
                        and old.entry.kind in ("org", "place")
                        and min(x.start for x in c.mentions) < m.start
                    ):
                        # "Wagner said" after "Thérèse Kayikwamba Wagner": the person, not the Wagner Group
                        old.mentions.remove(m)
                        if not old.mentions:
                            self.clusters.remove(old)
                            self.by_key = {k: v for k, v in self.by_key.items() if v is not old}
                        m.label, m.kind = "PERSON", "surname"
                        self.add(c, m)
                continue
            if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
                continue
            span = doc[tok.i : tok.i + 1]
            sm = Mention(tok.i, tok.i + 1, span.start_char, span.end_char, span.text, "PERSON", "surname")
            self.mentions.append(sm)
            self.add(c, sm)

    def _acronyms(self) -> None:
        """ "Caspian Pipeline Consortium (CPC)": the acronym becomes a name of the entity."""
        doc = self.doc
        ordered = sorted((m for m in self.mentions if m.kind == "name"), key=lambda m: m.start)
        for m in ordered:
            e = m.end
            if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" and doc[e + 1].text.isupper():
                c = self.of_mention.get(id(m))
                if c is None or c.label == "PERSON":
                    continue
                acro = doc[e + 1].text
                c.acronyms.add(acro)
        acros = {a: c for c in self.clusters for a in c.acronyms}
        if not acros:
            return
        covered = {t for m in self.mentions for t in range(m.start, m.end)}
        for m in [x for x in self.mentions if x.kind == "name"]:
            c = acros.get(m.text)
            own = self.of_mention.get(id(m))
            if c is not None and own is not c and own is not None and own.entry is None:
                self.merge(c, own)
        for tok in self.toks:
            if tok.text in acros and tok.i not in covered:
                span = doc[tok.i : tok.i + 1]
                am = Mention(
                    tok.i, tok.i + 1, span.start_char, span.end_char, span.text, acros[tok.text].label, "acronym"
                )
                self.mentions.append(am)
                self.add(acros[tok.text], am)

    def _resolve_office(self, t: Mention) -> str | None:
        """The KB person a title names on the article's date."""
        kb = self.kb
        owner = t.owner
        if t.extra.get("office_person"):
            return t.extra["office_person"]
        if owner is None or owner.startswith(("mention:", "anaphor:")):
            return None
        office_id = t.extra.get("office")
        candidates = []
        if office_id:
            candidates = [office_id]
        else:
            kind = t.office_kind
            if kind == "counterpart":  # "his Kazakh counterpart": the same office as the person just named
                kind = self._latest_office_kind(t.start)
                if kind is None:
                    return None
            if kind == "executive":
                c = kb.countries.get(owner)
                exe = c.executive if c else "head_of_state"
                kinds = {
                    "president": ["head_of_state"],
                    "prime_minister": ["head_of_government", "head_of_state"],
                    "chancellor": ["head_of_government"],
                    "monarch": ["head_of_state"],
                    "supreme_leader": ["supreme_leader", "head_of_state"],
                }.get(exe, ["head_of_state"])
                if owner in kb.orgs:
                    kinds = ["leader", "igo_head"]
            elif kind == "head_of_state" and owner in kb.orgs:
                kinds = ["igo_head", "leader"]
            else:
                kinds = [kind]
            for k in kinds:
                candidates += kb.offices_by_owner.get((owner, k), [])
        for oid in candidates:
            if t.past:
                pid = self._previous_holder(oid)
            else:
                held = kb.holders_on(oid, self.published)
                pid = held[0] if held else None
            if pid:
                return pid
        return None

    def _latest_office_kind(self, before: int) -> str | None:
        best = None
        for c in self.clusters:
            if c.kb_id in self.kb.persons:
                last = max((m.start for m in c.mentions if m.start < before), default=-1)
                offices = self.kb.offices_of(c.kb_id, self.published)
                if last >= 0 and offices and (best is None or last > best[0]):
                    best = (last, offices[0].kind)
        return best[1] if best else None

    def _previous_holder(self, office_id: str) -> str | None:
        best = None
        for p in self.kb._holders_of(office_id):
            for term in p.terms:
                if term.office == office_id and term.end and (self.published is None or term.end <= self.published):
                    if best is None or term.end > best[0]:
                        best = (term.end, p.id)
        return best[1] if best else None

    def _place_title(self, t: Mention, names: list[Mention]) -> None:
        if t.name_of is not None:
            nm = t.name_of
            c = self.of_mention.get(id(nm))
            if c is not None:
                # the title is part of the name's mention: replace the bare name by title + name
                c.mentions.remove(nm)
                t.extra["name_text"] = nm.text
                self.add(c, t)
                c.names.add(fold(nm.text))
                return
        pid = self._resolve_office(t)
        if pid is not None:
            p = self.kb.persons[pid]
            c = self.by_key.get(pid)
            if c is None:
                c = self.cluster(pid)
                entry = next((e for e in self.kb.lookup(p.name) if e.kb_id == pid), None)
                c.entry, c.kb_id, c.gender = entry, pid, p.gender
                c.names.add(fold(p.name))
            self.add(c, t)
            return
        # an unresolved title: the same role as a person already in the article ("the governor")
        if t.owner == "anaphor:country":
            t.owner = self._latest_country(t.start)
            if t.owner:
                pid = self._resolve_office(t)
                if pid is not None:
                    t.extra["office_person"] = pid
                    return self._place_title(t, names)
        head = (t.role_text or "").lower().split()[-1:] if t.role_text else []
        best = None
        for c in self.clusters:
            if (
                c.label == "PERSON"
                and head
                and any(r.lower().split()[-1:] == head for r in c.roles)
                and (not t.owner or not c.owners or t.owner in c.owners)
            ):
                last = max((m.start for m in c.mentions if m.start < t.start), default=-1)
                if last >= 0 and (best is None or last > best[0]):
                    best = (last, c)
        if best is not None:
            self.add(best[1], t)
            return
        self.add(self.cluster(f"title:{t.start}"), t)

    def _place_region(self, m: Mention) -> None:
        """ "eastern Congo" is a place of its own when the article names it again; once, it is the country."""
        key = "region:" + fold(m.text)
        repeated = sum(1 for x in self.mentions if x.kind == "region" and fold(x.text) == fold(m.text)) > 1
        if repeated or m.extra.get("of") not in self.by_key:
            self.add(self.cluster(key), m)
        else:
            m.label = self.by_key[m.extra["of"]].label
            self.add(self.by_key[m.extra["of"]], m)

    def _latest_country(self, before: int) -> str | None:
        best = None
        for c in self.clusters:
            if c.entry is not None and c.entry.kind == "country":
                last = max((m.start for m in c.mentions if m.start < before), default=-1)
                if last >= 0 and (best is None or last > best[0]):
                    best = (last, c.entry.country)
        return best[1] if best else None

    def _place_ministry(self, m: Mention) -> None:
        if m.entry is not None:
            self.add(self.cluster(m.entry.kb_id), m)
            return
        if m.role_text in ("government", "authorities", "cabinet") and m.owner in self.kb.countries:
            key = f"country:{m.owner}"
            c = self.by_key.get(key)
            if c is None:
                c = self.cluster(key)
                c.entry, c.kb_id = self.kb.by_id.get(key), key
            m.label = "GPE"
            self.add(c, m)
            return
        key = f"ministry:{m.owner}:{m.role_text}"
        if m.extra.get("implied_owner"):
            same = [
                c for k, c in self.by_key.items() if k.startswith("ministry:") and k.endswith(":" + str(m.role_text))
            ]
            if same:
                self.add(same[0], m)
                return
        c = self.by_key.get(key)
        if c is None:
            # "the energy ministry" after "Ministry of Energy of Kazakhstan": same subject word
            words = set((m.role_text or "").split()) - {"ministry"}
            for other in self.clusters:
                owners = set(other.owners) | ({other.entry.country} if other.entry is not None else set())
                owners.discard(None)
                if (
                    other.label == "ORG"
                    and any("ministry" in n for n in other.names)
                    and words
                    and any(words & set(n.split()) for n in other.names)
                    and (not m.owner or not owners or m.owner in owners)
                ):
                    self.add(other, m)
                    return
        self.add(self.cluster(key), m)

    def _appositions(self) -> None:
        """X, Y, — a title and a name (or two names of one person) side by side refer to one person."""
        doc = self.doc
        ordered = sorted(self.mentions, key=lambda m: m.start)
        by_start = {m.start: m for m in ordered}
        for m in ordered:
            if m.end < len(doc) and doc[m.end].text == ",":
                n = by_start.get(m.end + 1)
                if n is None:
                    continue
                a, b = self.of_mention.get(id(m)), self.of_mention.get(id(n))
                if a is None or b is None or a is b:
                    continue
                if {m.kind, n.kind} & {"title"} and a.label == "PERSON" and b.label == "PERSON":
                    keep, drop = (b, a) if a.key.startswith("title:") else (a, b)
                    if drop.key.startswith("title:") or drop.entry is None and keep.entry is not None:
                        self.merge(keep, drop)
                    elif keep.key.startswith("title:"):
                        self.merge(drop, keep)

    def _anaphors(self) -> None:
        """ "the bloc", "the alliance", "the group": the latest entity of a fitting kind."""
        doc, kb = self.doc, self.kb
        covered = {t for m in self.mentions for t in range(m.start, m.end)}
        for tok in self.toks:
            if (
                tok.text in ("North", "South")
                and tok.i > 0
                and doc[tok.i - 1].lower_ == "the"
                and tok.i not in covered
                and (tok.i + 1 >= len(doc) or doc[tok.i + 1].pos_ != "PROPN")
            ):
                self._compass_anaphor(tok)  # "the North" after "North Korea"
                continue
            kinds = kb.anaphors.get(tok.lower_)
            if not kinds or tok.i in covered or tok.i == 0:
                continue
            prev = doc[tok.i - 1].lower_
            if prev not in ("the", "this", "that", "regional", "western", "military") or tok.tag_ not in (
                "NN",
                "NNS",
                "NNP",
            ):
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("NOUN", "PROPN"):
                continue  # "the group's leader" is fine, "the group leader" is not this noun
            best = None
            for c in self.clusters:
                last = max((m.start for m in c.mentions if m.start < tok.i), default=-1)
                if last < 0 or last < tok.i - 400:
                    continue
                if self._kind_fits(c, kinds) and (best is None or last > best[0]):
                    best = (last, c)
            if best is not None:
                s = doc[tok.i - 1 : tok.i + 1] if prev == "the" else doc[tok.i : tok.i + 1]
                am = Mention(s.start, s.end, s.start_char, s.end_char, s.text, best[1].label, "anaphor")
                self.mentions.append(am)
                self.add(best[1], am)

    def _compass_anaphor(self, tok) -> None:
        best = None
        for c in self.clusters:
            if c.entry is not None and c.entry.kind == "country" and c.entry.name.startswith(tok.text + " "):
                last = max((m.start for m in c.mentions if m.start < tok.i), default=-1)
                if last >= 0 and (best is None or last > best[0]):
                    best = (last, c)
        if best is not None:
            s = self.doc[tok.i - 1 : tok.i + 1]
            am = Mention(s.start, s.end, s.start_char, s.end_char, s.text, "GPE", "anaphor")
            self.mentions.append(am)
            self.add(best[1], am)

    def _kind_fits(self, c: Cluster, kinds: tuple[str, ...]) -> bool:
        org = self.kb.orgs.get(c.kb_id or "")
        for k in kinds:
            if org is not None and org.kind == k:
                return True
            if k in ("country", "island") and c.entry is not None and c.entry.kind == "country":
                return True
            if k == "gov_ministry" and any("ministry" in n for n in c.names):
                return True
            if (
                k == "mil"
                and org is None
                and c.label == "ORG"
                and any(w in n.split() for n in c.names for w in ("army", "military", "forces"))
            ):
                return True
        return False

    def _pronouns(self) -> None:
        doc = self.doc
        mention_at: dict[int, Mention] = {}
        for m in self.mentions:
            for t in range(m.start, m.end):
                mention_at.setdefault(t, m)
        sents = list(doc.sents)
        sent_of = {}
        for si, s in enumerate(sents):
            for t in range(s.start, s.end):
                sent_of[t] = si
        for tok in self.toks:
            low = tok.lower_
            if low in MALE | FEMALE:
                want = ("PERSON",)
            elif low in NEUTER:
                want = ("ORG", "GPE")
            else:
                continue
            if tok.i in mention_at:
                continue
            if low == "it" and (
                tok.dep_ == "expl"
                or tok.head.lemma_ in ("be", "become", "seem", "appear", "take", "remain", "make", "turn")
            ):
                continue
            si = sent_of.get(tok.i, 0)
            c = self._antecedent(tok, want, low, sents, si, mention_at)
            if c is not None:
                s = doc[tok.i : tok.i + 1]
                pm = Mention(tok.i, tok.i + 1, s.start_char, s.end_char, s.text, c.label, "pronoun")
                self.mentions.append(pm)
                self.add(c, pm)
                mention_at[tok.i] = pm

    def _antecedent(self, tok, want, low, sents, si, mention_at):
        def fits(c: Cluster) -> bool:
            if c.label not in want:
                return False
            if want == ("PERSON",) and c.gender:
                return (c.gender == "m") == (low in MALE)
            if low in NEUTER and c.label == "PERSON":
                return False
            return True

        def subjects(s, before=None):
            found = []
            for t in s:
                if before is not None and t.i >= before:
                    break
                if t.dep_ in SUBJECT_DEPS and t.i in mention_at:
                    c = self.of_mention.get(id(mention_at[t.i]))
                    if c is not None and fits(c):
                        found.append(c)
            return found

        same = subjects(sents[si], before=tok.i)
        if same:
            return same[-1]
        for back in (1, 2):
            if si - back < 0:
                break
            subj = subjects(sents[si - back])
            if subj:
                return subj[0]
            # no subject: the latest fitting mention of that sentence
            for t in reversed(range(sents[si - back].start, sents[si - back].end)):
                m = mention_at.get(t)
                c = self.of_mention.get(id(m)) if m is not None else None
                if c is not None and fits(c) and m.kind != "pronoun" or c is not None and fits(c) and back == 1:
                    return c
        return None


# ---------------------------------------------------------------------------- attributes
def _entity_name(c: Cluster, kb: KnowledgeBase) -> str:
    if c.entry is not None:
        return c.entry.name
    named = [m for m in c.mentions if m.kind in ("name", "surname", "acronym")]
    if c.label == "PERSON":
        names = [m for m in c.mentions if m.kind == "name"]
        titled = [m for m in c.mentions if m.kind == "title" and m.name_of is not None]
        texts = [m.text for m in names] + [t.extra["name_text"] for t in titled if t.extra.get("name_text")]
        if texts:
            return max(texts, key=len)
    if named:
        best = max(named, key=lambda m: (len(m.text), m.kind == "name"))
        return re.sub(r"^(the|The)\s+", "", best.text)
    m = max(c.mentions, key=lambda m: len(m.text))
    return re.sub(r"^(the|The|a|an)\s+", "", m.text)


def _country_of(c: Cluster, kb: KnowledgeBase, doc) -> str | None:
    if c.entry is not None:
        return c.entry.country if c.entry.kind != "region" else None
    for o in c.owners:
        if o in kb.countries:
            return o
        org = kb.orgs.get(o)
        if org is not None and org.country:
            return org.country
    for m in c.mentions:
        if m.kind != "name":
            continue
        words = re.findall(r"[A-Z][\w-]+", m.text)
        for w in [" ".join(p) for p in zip(words, words[1:])] + words:
            code = kb.country_of_word(w)
            if code in kb.countries:
                return code
        owner, _ = _owner_before(doc, m.start, kb, {})
        if owner in kb.countries:
            return owner
    return None


GOVERNMENT_WORDS = {
    "ministry",
    "department",
    "office",
    "presidency",
    "presidential",
    "embassy",
    "agency",
    "cabinet",
    "government",
    "parliament",
    "council",
    "guard",
    "command",
    "army",
    "police",
    "bureau",
}


def _implied_country(c: Cluster, resolver: Resolver) -> str | None:
    """A national body named without its country ("the Department of Foreign Affairs", "the Presidential
    Office") belongs to the country its first sentence names first, else to the dateline's."""
    if c.label != "ORG" or not any(w in GOVERNMENT_WORDS for n in c.names for w in n.split()):
        return None
    from .entities import _dateline_country, _sentence_country

    first = min(c.mentions, key=lambda m: m.start)
    names = [m for m in resolver.mentions if m.kind == "name"]
    return _sentence_country(resolver.doc, first.start, names) or _dateline_country(resolver.doc, names)


def _sector(c: Cluster, kb: KnowledgeBase) -> str | None:
    for n in sorted(c.names, key=len, reverse=True):
        for w in reversed(n.split()):
            if w in kb.sectors:
                return kb.sectors[w]
    for m in c.mentions:
        if m.kind == "ministry":
            return "GOV"
    return None


def _actor_code(c: Cluster, kb: KnowledgeBase, country: str | None, label: str) -> str | None:
    if c.entry is not None and c.entry.kind != "person":
        return c.entry.actor_code
    if c.kb_id in kb.persons:
        _, code = kb.person_country(kb.persons[c.kb_id])
        return code
    for o in c.owners:
        org = kb.orgs.get(o)
        if org is not None:
            return org.actor_code
        if o in kb.regions:
            return o
    if country is None:
        return None
    if label == "PERSON":
        return country + ("GOV" if c.office_kinds - {"role"} else "")
    if label == "ORG":
        return country + (_sector(c, kb) or "")
    return country


def _keep(c: Cluster, kb: KnowledgeBase) -> bool:
    """Clusters that name nothing the article can be said to be about are dropped."""
    if c.entry is not None:
        return True
    own = [m for m in c.mentions if m.kind not in ("pronoun", "anaphor")]
    if not own:
        return False
    if c.label == "PERSON" and not any(m.kind in ("name", "surname") or m.name_of is not None for m in own):
        return False  # a title that names nobody we can identify
    if all(m.kind in ("name", "acronym") and m.text.lower().removeprefix("the ") in kb.generic for m in own):
        return False  # "Army", "State", "Joint" alone
    if all(m.kind == "ministry" and not m.owner for m in own) and not any(
        len(m.role_text or "") > 8 and "-" in m.text for m in own
    ):
        return False  # "the foreign ministry" of nobody in particular
    return True


def resolve(doc, mentions: list[Mention], kb: KnowledgeBase, published: str | None) -> list[Entity]:
    resolver = Resolver(doc, mentions, kb, published)
    clusters = resolver.run()
    kept: list[tuple[Cluster, Entity]] = []
    for c in clusters:
        if not _keep(c, kb):
            continue
        label = c.label
        country = _country_of(c, kb, doc) or _implied_country(c, resolver)
        role = kb.role_on(c.kb_id, published) if c.kb_id in kb.persons else None
        if role is None and label == "PERSON" and c.roles:
            role = max(c.roles, key=len)
        spans = sorted({(m.start_char, m.end_char): m for m in c.mentions}.items())
        ent = Entity(
            id="",
            name=_entity_name(c, kb),
            type=label,
            country=country,
            actor_code=_actor_code(c, kb, country, label),
            role=role,
            kb_id=c.kb_id,
            mentions=[Span(s, e, m.text) for (s, e), m in spans],
        )
        kept.append((c, ent))
    kept.sort(key=lambda ce: ce[1].mentions[0].start if ce[1].mentions else 0)
    for i, (_, e) in enumerate(kept, 1):
        e.id = f"e{i}"
    _affiliations(kept, resolver, kb, published)
    return [e for _, e in kept]


def _affiliations(
    kept: list[tuple[Cluster, Entity]], resolver: Resolver, kb: KnowledgeBase, published: str | None
) -> None:
    """A person who holds an office of an organisation named in the article acts for it."""
    by_kb = {c.kb_id: e.id for c, e in kept if c.kb_id}
    by_cluster = {id(c): e.id for c, e in kept}
    for c, e in kept:
        if e.type != "PERSON":
            continue
        owners = list(c.owners)
        owners += [m.owner for m in c.mentions if m.owner and m.owner.startswith("mention:")]
        if c.kb_id in kb.persons:
            owners += [o.owner for o in kb.offices_of(c.kb_id, published)]
        for o in owners:
            if o in kb.orgs and o in by_kb:
                e.affiliation = by_kb[o]
                break
            if o.startswith("mention:"):
                start = int(o.split(":")[1])
                m = next((x for x in resolver.mentions if x.start == start and x.kind == "name"), None)
                oc = resolver.of_mention.get(id(m)) if m is not None else None
                if oc is not None and id(oc) in by_cluster and oc.label == "ORG":
                    e.affiliation = by_cluster[id(oc)]
                    break
