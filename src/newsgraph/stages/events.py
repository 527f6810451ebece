"""Events: who did what to whom, when and where, and what the article asserts about it.

Verbal predicates ("visited", "will meet", "imposed sanctions on") and nominal ones ("Putin's
meeting with Pezeshkian", "the strike on Zaporizhzhia") are matched against the CAMEO lexicon;
source and target come from the dependency parse (subjects, objects, prepositions, possessives,
passives, conjunctions, relative and infinitival clauses) and the coreference stage; the status
(occurred, planned, possible, claimed, denied, negated) from tense, modals, negation, conditionals
and the predicates the event is embedded under ("claim", "deny", "fail to", "is expected to").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cameo import Cameo, load_cameo
from ..model import Event, Span, TimeRef, Timex
from .index import tokens

SUBJ = ("nsubj", "nsubjpass", "csubj")
PLANNED_AUX = {"will", "shall", "'ll", "wo", "should", "must"}
POSSIBLE_AUX = {"may", "might", "could", "can", "would", "ca"}
NEGATORS = {"not", "n't", "never", "no"}
RELATIVE = {"which", "who", "that", "whom", "whose"}
INVOLVEMENT = {"involvement", "role", "responsibility", "part", "participation", "link", "hand"}
SPEECH_NOUNS = {"word", "statement", "remark", "comment", "speech", "assurance", "declaration"}
ANAPHORIC_DET = {"such", "this", "these", "those", "that", "any"}
REPORT_NOUNS = {
    "report",
    "claim",
    "allegation",
    "accusation",
    "suggestion",
    "possibility",
    "rumour",
    "rumor",
    "charge",
    "idea",
    "assertion",
    "speculation",
    "account",
    "version",
    "narrative",
    "story",
}
POSSIBLE_ADJ = {"possible", "potential", "likely", "proposed", "planned", "expected", "future", "prospective"}
TARGET_PREPS = (
    "with",
    "against",
    "on",
    "to",
    "toward",
    "towards",
    "at",
    "into",
    "from",
    "over",
    "for",
    "upon",
    "between",
    "of",
)
PLACE_PREPS = ("in", "at", "near", "outside", "inside", "across", "around")
PLACE_TYPES = ("GPE", "LOC", "FAC")
SCHEDULE = {"due", "expect", "schedule", "set", "plan", "intend"}
OBJECT_CONTROL = {"urge", "ask", "call", "press", "encourage", "invite", "force", "allow", "order", "tell", "help"}


ENDORSE = {"approve", "back", "endorse", "support"}
NEUTRAL_CUES = {"say", "tell", "add", "write", "state", "note", "stress", "insist", "explain", "announce", "declare"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my", "ours"}
EVALUATIVE = {
    "call",
    "describe",
    "label",
    "brand",
    "term",
    "denounce",
    "dismiss",
    "condemn",
    "consider",
    "see",
    "view",
    "regard",
    "welcome",
    "hail",
    "praise",
    "criticise",
    "criticize",
}


@dataclass
class Draft:
    tok: object  # the trigger token
    code: str
    sources: list[str]
    targets: list[str]
    nominal: bool
    specific: bool
    status: str = "occurred"
    attributed_to: str | None = None
    location: str | None = None
    time: TimeRef | None = None
    anaphoric: bool = False
    extra: dict = field(default_factory=dict)


class EventFinder:
    def __init__(self, doc, index, kb, timexes: list[Timex], quotes, published: str | None, cameo: Cameo):
        self.doc, self.index, self.kb, self.cameo = doc, index, kb, cameo
        self.published = published
        self.toks = tokens(doc)
        self.text = doc.text  # spaCy rebuilds Doc.text on every access
        self.timexes = sorted(timexes, key=lambda t: t.start)
        self.gov = cameo.governors
        self.evals = cameo.evaluations
        # first-person words inside a direct quote stand for its speaker ("We urge the Philippine side …")
        self.quoted: list[tuple[int, int, str]] = [
            (q.start, q.end, q.speaker) for q in quotes if q.kind in ("direct", "mixed") and q.speaker
        ]
        self.quotes = quotes
        # the reporting verb of a quote stands for its speaker's act ("… and demanded that China …")
        self.cue_speaker: dict[int, str] = {}
        for q in quotes:
            at = self._cue_at(q) if q.speaker else None
            if at is not None:
                self.cue_speaker.setdefault(at, q.speaker)

    # ------------------------------------------------------------------ actors
    def entity_of(self, tok) -> str | None:
        """The entity a noun phrase headed by `tok` stands for (its head, a modifier, or an of-phrase)."""
        eid = self.index.at(tok.i)
        if eid is None and tok.lower_ in FIRST_PERSON:
            for start, end, speaker in self.quoted:
                if start <= tok.idx < end:
                    eid = speaker
                    break
        if eid is None:
            for child in tok.children:
                if child.dep_ in ("compound", "poss", "amod", "nmod", "appos", "npadvmod") and child.i < tok.i:
                    eid = self.index.at(child.i) or self._hyphen_owner(child)
                    if eid:
                        break
            if eid is None:
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for p in child.children:
                            if p.dep_ == "pobj":
                                eid = self.index.at(p.i)
                    elif child.dep_ == "appos":
                        eid = self.index.at(child.i)
                    if eid:
                        break
        if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl":
            return self.entity_of(tok.head.head)
        return self._acting_for(eid)

    def _hyphen_owner(self, tok) -> str | None:
        """ "Hamas-led fighters": the name before the hyphen."""
        for child in tok.children:
            if child.i < tok.i and self.index.at(child.i):
                return self.index.at(child.i)
        return None

    def _acting_for(self, eid: str | None) -> str | None:
        """A person acts for the organisation they hold office in ("Hamas political leader Ismail Haniyeh"),
        unless that organisation is a state body the person's own country already codes."""
        e = self.index.entity(eid)
        if e is not None and e.type == "PERSON" and e.affiliation:
            org = self.index.entity(e.affiliation)
            if org is not None and (org.actor_code or not e.country):
                return e.affiliation
        return eid

    def inside(self, tok) -> list[str]:
        """Entities inside a phrase that does not name one itself ("the most closed country in Central Asia -
        Turkmenistan"): people, organisations and states before regions."""
        found = []
        for t in tok.subtree:
            if t.dep_ in ("relcl", "acl", "ccomp", "advcl") and t is not tok:
                break
            eid = self.index.at(t.i)
            if eid and eid not in found and self._usable(eid):
                found.append(eid)
        ranked = sorted(found, key=lambda e: self.index.entity(e).type == "LOC")
        return [self._acting_for(ranked[0])] if ranked else []

    def _usable(self, eid: str | None) -> bool:
        """An entity that can be an actor: NORP only when it stands for a country or region."""
        e = self.index.entity(eid)
        return e is not None and (e.type != "NORP" or bool(e.actor_code))

    def actors(self, tok) -> list[str]:
        """Entities of a phrase and of the phrases conjoined with it ("Russia and Iran")."""
        out = []
        for t in [tok, *self._conjuncts(tok)]:
            eid = self.entity_of(t)
            if eid and eid not in out and self._usable(eid):
                out.append(eid)
            elif eid is None and t.pos_ in ("NOUN", "PRON"):
                # "negotiators from the United States, Egypt and Qatar", "imports of Russian gas"
                for prep in t.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("from", "of"):
                        for p in prep.children:
                            if p.dep_ == "pobj":
                                out.extend(x for x in self.actors(p) if x not in out)
        return out

    @staticmethod
    def _conjuncts(tok) -> list:
        out, stack = [], [c for c in tok.children if c.dep_ == "conj"]
        while stack:
            c = stack.pop(0)
            out.append(c)
            stack.extend(x for x in c.children if x.dep_ == "conj")
        return out

    def subject_of(self, verb, depth: int = 0):
        """The token that is the verb's subject, following conjunctions, relative and control clauses."""
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                    return verb.head
                return c
        if depth > 3:
            return None
        if verb.tag_ == "VBG":  # "RSF shelling of the camp": the gerund's owner does it
            for c in verb.children:
                if c.dep_ in ("compound", "poss") and c.i < verb.i and self.index.at(c.i):
                    return c
        if verb.dep_ == "ccomp":  # "said Putin and Tokayev discussed …" parsed with Putin as the object
            for c in verb.head.children:
                if c.dep_ == "dobj" and c.i < verb.i:
                    return c
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self.subject_of(verb.head, depth + 1)
        if verb.dep_ in ("acomp", "attr", "oprd"):  # "Aoun is due in Paris"
            return self.subject_of(verb.head, depth + 1)
        if verb.dep_ == "xcomp":
            head = verb.head
            if head.lemma_ in OBJECT_CONTROL:
                for c in head.children:
                    if c.dep_ == "dobj":
                        return c
            for c in head.children:  # "Modi is expected to meet Xi": the raised subject
                if c.dep_ == "nsubjpass":
                    return c
            return self.subject_of(head, depth + 1)
        if verb.dep_ in ("advcl", "pcomp") and (
            verb.tag_ in ("VBG", "VBN") or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            return self.subject_of(verb.head, depth + 1)
        if verb.dep_ == "relcl" and not any(c.dep_ == "nsubjpass" for c in verb.children):
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
            gov = verb.head.head  # "accuses Iran of arming", "blamed Kyiv for attacking"
            for c in gov.children:
                if c.dep_ == "dobj":
                    if c.lower_ in RELATIVE and gov.dep_ == "relcl":
                        return gov.head
                    return c
        return None

    def agent_of(self, verb):
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None

    def prep_objects(self, tok, preps=TARGET_PREPS):
        """(preposition, object) pairs under tok, in the order of `preps`."""
        found = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        found.append((preps.index(c.lower_), c.lower_, p))
        return [(prep, p) for _, prep, p in sorted(found, key=lambda x: x[0])]

    # ------------------------------------------------------------------ predicates
    def event_object(self, tok):
        """The event noun a carrier verb takes: "approved a new round of sanctions" -> sanctions."""
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                if c.lemma_.lower() in self.cameo.nouns and c.pos_ == "NOUN":
                    return c
                for prep in c.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for p in prep.children:
                            if p.dep_ == "pobj" and p.lemma_.lower() in self.cameo.nouns and p.pos_ == "NOUN":
                                return p
        return None

    def carried(self, tok) -> Draft | None:
        noun = self.event_object(tok)
        if noun is None:
            return None
        code = self.cameo.nouns[noun.lemma_.lower()]
        if code[:2] == "01":
            return None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        subj = self.agent_of(tok) if passive else self.subject_of(tok)
        sources = self.actors(subj) if subj is not None else []
        targets = []
        for _, p in self.prep_objects(noun) + self.prep_objects(tok):
            targets = [e for e in self.actors(p) if e not in sources]
            if targets:
                break
        if tok.lemma_ in ENDORSE and self.local_modality(tok) == "negated":
            # "Tehran had never approved Russia's military actions": a disapproval of whoever acts
            actor = [e for e in self.actor_of_event(noun) if e not in sources]
            d = Draft(tok, "110", sources, actor, nominal=False, specific=True)
            d.extra["approval_negated"] = True
            return d
        d = Draft(tok, code, sources, targets, nominal=False, specific=True)
        d.extra["trigger"] = noun
        return d

    def _gerund_object(self, tok) -> bool:
        """ "denied supplying weapons" parsed as "denied [supplying weapons]" with the gerund as a modifier."""
        head = tok.head
        return (
            tok.tag_ == "VBG"
            and tok.i == head.i - 1
            and head.dep_ == "dobj"
            and self.gov.get(head.head.lemma_) in ("deny", "claim", "report", "plan")
        )

    def evaluation(self, tok) -> Draft | None:
        """ "Kishida called the launch 'an act of provocation'", "described Israel's accusations as 'pretexts'",
        "said the launch was a clear violation": a judgement of the actor behind the thing judged."""
        if tok.lemma_ in EVALUATIVE:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            judged = [c for c in tok.children if c.dep_ in ("oprd", "attr", "ccomp", "xcomp")]
            # "described X as Y", also when the parser hangs "as Y" on the object
            for prep in [*tok.children, *(obj.children if obj is not None else ())]:
                if prep.dep_ == "prep" and prep.lower_ == "as":
                    judged += [p for p in prep.children if p.dep_ in ("pobj", "amod", "acomp")]
        elif self.gov.get(tok.lemma_) == "report":
            clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.lemma_ == "be"), None)
            if clause is None:
                return None
            obj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            judged = [c for c in clause.children if c.dep_ in ("attr", "acomp")]
        else:
            return None
        if obj is None or not judged:
            return None
        code = None
        for j in judged:
            for t in j.subtree:
                code = code or self.evals.get(t.lemma_.lower())
        if code is None:
            return None
        subj = self.subject_of(tok)
        sources = self.actors(subj) if subj is not None else []
        targets = self.actors(obj)
        if not targets and obj.pos_ == "NOUN":
            targets = self.actor_of_event(obj)
        targets = [t for t in targets if t not in sources]
        return Draft(tok, code, sources, targets, nominal=False, specific=True)

    def verbal(self, tok) -> Draft | None:
        if tok.dep_ == "amod" and not self._gerund_object(tok):
            return None
        judged = self.evaluation(tok)
        if judged is not None:
            return judged
        if self.gov.get(tok.lemma_) == "carry":
            d = self.carried(tok)
            if d is not None:
                return d
        if tok.lemma_ not in self.cameo.verbs:
            return None
        particles, objects = set(), set()
        gerund = tok.dep_ == "amod" and self._gerund_object(tok)
        if gerund:  # the noun it modifies is its object; the governing verb's prepositions are its own
            objects.add(tok.head.lemma_.lower())
            for c in tok.head.head.children:
                if c.dep_ == "prep":
                    particles.add(c.lower_)
        for c in tok.children:
            if c.dep_ in ("prep", "prt", "agent", "dative"):
                particles.add(c.lower_)
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        objects.add(p.lemma_.lower())
            elif c.dep_ in ("dobj", "attr", "oprd", "nsubjpass"):
                objects.add(c.lemma_.lower())
                for p in c.children:
                    if p.dep_ == "compound":
                        objects.add(p.lemma_.lower())
            elif c.dep_ == "xcomp":
                particles.add("to")
                objects.add(c.lemma_.lower())
        if tok.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in tok.children):
            objects.add(tok.head.lemma_.lower())  # "the sanctions the bloc imposed on Niger"
        frame = self.cameo.match_verb(tok.lemma_.lower(), particles, objects)
        if frame is None:
            return None
        if frame.code[:2] == "01" and any(c.dep_ == "ccomp" for c in tok.children):
            return None  # "acknowledged that …": the embedded event carries the meaning
        if self.gov.get(tok.lemma_) == "deny" and (
            objects & (REPORT_NOUNS | INVOLVEMENT)
            or any(
                c.dep_ in ("ccomp", "xcomp", "pcomp")
                or c.dep_ == "dobj"
                and (c.tag_ == "VBG" or any(self._gerund_object(g) for g in c.children))
                for c in tok.children
            )
        ):
            return None  # "rejected reports that …", "denied that …": a denial of another event
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive and tok.lemma_ in SCHEDULE:  # "Ortagus is expected in Beirut": the subject travels
            passive = False
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        elif gerund:
            subj = self.subject_of(tok.head.head)
        else:
            subj = self.agent_of(tok) if passive else self.subject_of(tok)
        sources = self.actors(subj) if subj is not None else []
        if not sources and tok.idx in self.cue_speaker:
            sources = [self._acting_for(self.cue_speaker[tok.idx])]
        code = frame.code
        if subj is not None and code[:2] in ("18", "19", "20") and subj.lemma_.lower() in self.cameo.nouns:
            noun_code = self.cameo.nouns[subj.lemma_.lower()]
            if noun_code[:2] in ("18", "19", "20"):
                code = noun_code  # "Israeli air strikes killed …": the strikes are the event
        targets: list[str] = []
        reciprocal = any(
            c.dep_ == "dobj"
            and c.lower_ == "other"
            and any(g.lower_ == "each" for g in c.children)
            or c.dep_ == "dobj"
            and c.lower_ == "another"
            for c in tok.children
        )
        each = any(
            c.lower_ == "each" and c.dep_ in ("advmod", "det", "appos", "npadvmod")
            for c in [*tok.children, *(subj.children if subj is not None else ())]
        )
        if (
            len(sources) >= 2
            and code[:2] in ("03", "04", "05", "06")
            and not (reciprocal or each)
            and not any(
                self.index.at(c.i)
                or any(self.index.at(g.i) for g in c.children if g.dep_ in ("amod", "compound", "poss"))
                for c in tok.children
                if c.dep_ == "dobj"
            )
        ):
            # "Congo and Rwanda signed a peace agreement": coded once, from the first named to the others
            return Draft(
                tok, code, sources[:1], sources[1:], nominal=False, specific=bool(frame.objects or frame.particle)
            )
        reciprocal = reciprocal or each
        if reciprocal and len(sources) >= 2:
            d = Draft(tok, code, sources, [], nominal=False, specific=bool(frame.objects or frame.particle))
            d.extra["reciprocal"] = True
            return d
        if passive:
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    targets = self.actors(c)
        else:
            for c in tok.children:
                if c.dep_ in ("dobj", "dative") or c.dep_ == "attr" and tok.lemma_ != "be":
                    targets = self.actors(c)
                    if not targets:
                        for _, p in self.prep_objects(c):
                            targets = self.actors(p)
                            if targets:
                                break
                    if not targets and c.dep_ == "dobj" and c.lemma_ not in REPORT_NOUNS:
                        targets = self.inside(c)
                    if targets:
                        break
        if not targets and frame.code[:2] == "04":
            for _, p in self.prep_objects(tok, ("in", "to")):
                targets = [e for e in self.actors(p) if self._is_place(e)]
                if targets:
                    break
        if not targets:
            preps = self.prep_objects(tok) + (self.prep_objects(tok.head.head) if gerund else [])
            if frame.particle:
                preps.sort(key=lambda pp: pp[0] != frame.particle)
            visit = frame.code[:2] == "04"
            for prep, p in preps:
                cand = self.actors(p)
                if prep == "at" and not (visit or frame.code[:2] >= "13"):
                    continue  # "announced at the UN General Assembly": a venue
                if prep in ("at", "from") and not visit and cand and all(self._is_place(e) for e in cand):
                    continue  # a place, not a participant
                if cand:
                    targets = cand
                    break
        if not targets and code[:2] in ("01", "02", "10", "11", "12", "13", "14", "16"):
            noun = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN" and c.lemma_.lower() in self.cameo.nouns
                ),
                None,
            )
            if noun is not None:
                targets = [e for e in self.actor_of_event(noun) if e not in sources]
        if not targets and code[:2] in ("01", "02", "10", "11", "12", "13"):
            for c in tok.children:
                if c.dep_ == "ccomp":  # "warned that the group's patience with Israeli violations …"
                    targets = [e for e in self.clause_actors(c) if e not in sources][:1]
        if not targets and code[:2] in ("18", "19", "20"):
            # "killed at least 42 people in Rafah": violence against people of a place
            heads = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))]
            for head in heads:
                for _, p in self.prep_objects(head, PLACE_PREPS):
                    targets = [e for e in self.actors(p) if self._is_place(e)][:1]
                    if targets:
                        break
                if targets:
                    break
        if code[:3] in ("171", "173") and targets and all(self._is_place(t) and not self._is_state(t) for t in targets):
            code = "192"  # "captured Goma": seizing a place is occupying territory
        return Draft(tok, code, sources, targets, nominal=False, specific=bool(frame.objects or frame.particle))

    def actor_of_event(self, noun) -> list[str]:
        """Who did the event a noun refers to: its own modifiers ("China's drills"), else the source of the
        latest event of that kind the article reported ("the launch")."""
        own = [
            e
            for c in noun.children
            if c.dep_ in ("poss", "amod", "compound") and c.i < noun.i
            for e in ([self._acting_for(self.index.at(c.i))] if self.index.at(c.i) else [])
        ]
        if own:
            return own[:1]
        code = self.cameo.nouns.get(noun.lemma_.lower(), "")
        for prev in reversed(self.drafts):
            if prev.sources and (prev.tok.lemma_ == noun.lemma_ or prev.code[:2] == code[:2]):
                return prev.sources[:1]
        return []

    def _codes_of(self, eid: str | None) -> set[str]:
        e = self.index.entity(eid)
        if e is None:
            return set()
        return {x for x in (e.country, (e.actor_code or "")[:3]) if x}

    def salient(self, exclude: list[str]) -> str | None:
        """The article's main state or organisation other than `exclude` and their countries: the implied
        counterpart of an event whose object names none ("dismissed the new measures")."""
        if not hasattr(self, "_salience"):
            # mentions add up by country (Russia, Moscow, Putin, the Kremlin); the country's own entity
            # (or the organisation) stands for the total
            weight: dict[str, int] = {}
            for e in self.index.entities.values():
                key = e.country or (e.actor_code if e.type == "ORG" and e.actor_code else None)
                if key and e.type != "NORP":  # "Russian gas" says little about who acts
                    weight[key] = weight.get(key, 0) + len(e.mentions)
            counts = []
            for e in self.index.entities.values():
                key = e.country or (e.actor_code if e.type == "ORG" and e.actor_code else None)
                if key and (e.type == "GPE" and e.kb_id == f"country:{e.country}" or e.type == "ORG" and not e.country):
                    counts.append((weight[key], e.id))
            self._salience = [eid for _, eid in sorted(counts, key=lambda x: -x[0])]
        countries = {self.index.entity(x).country for x in exclude if self.index.entity(x)}
        codes = set().union(*(self._codes_of(x) for x in exclude)) if exclude else set()
        ranked = [
            eid
            for eid in self._salience
            if eid not in exclude
            and not (self._codes_of(eid) & codes)
            and (self.index.entity(eid).country is None or self.index.entity(eid).country not in countries)
        ]
        return ranked[0] if ranked else None

    def clause_actors(self, clause) -> list[str]:
        """Actors named in a clause, in order: states, organisations and people, not towns or venues."""
        out = []
        for t in clause.subtree:
            eid = self.index.at(t.i)
            eid = self._acting_for(eid) if eid else None
            if eid and eid not in out and self._usable(eid) and (self._is_state(eid) or not self._is_place(eid)):
                out.append(eid)
        return out

    def nominal(self, tok) -> Draft | None:
        code = self.cameo.nouns.get(tok.lemma_.lower())
        if code is None or tok.pos_ != "NOUN" or code[:2] == "01":
            return None
        head = tok.head
        # the object of a verb frame is part of that verb's event ("imposed sanctions", "held talks")
        if tok.dep_ in ("dobj", "attr", "nsubjpass") and head.lemma_ in self.cameo.verbs and head.pos_ == "VERB":
            return None
        if (
            tok.dep_ == "pobj"
            and head.head.lemma_ in self.cameo.verbs
            and head.head.pos_ == "VERB"
            and head.lower_ in ("for", "to", "on")
        ):
            return None
        if tok.dep_ == "compound":
            return None
        for gov in (head, head.head if head.dep_ == "dobj" or head.lower_ == "of" else None):
            if gov is not None and self.gov.get(gov.lemma_) == "carry" and gov.pos_ == "VERB":
                return None  # carried by its verb
        sources, targets = [], []
        for c in tok.children:
            if c.dep_ in ("poss",):
                sources = self.actors(c)
            elif c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and not sources:
                eid = self.index.at(c.i) or self._hyphen_owner(c)
                if eid:
                    sources = [self._acting_for(eid)]
        between = [p for prep, p in self.prep_objects(tok) if prep == "between"]
        if between:
            parties = self.actors(between[0])
            if len(parties) >= 2:
                sources, targets = parties[:1], parties[1:]
        if not sources:
            for _, p in self.prep_objects(tok, ("from",)):
                sources = self.actors(p)
        if not targets:
            for prep, p in self.prep_objects(tok):
                if prep == "of" and not sources and code[:2] in ("18", "19", "20", "17"):
                    continue
                cand = [e for e in self.actors(p) if e not in sources]
                if cand and prep != "from":
                    targets = cand
                    break
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "by" and not sources:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            sources = self.actors(p)
        if not sources and targets:
            # "Aoun is due in Paris for talks with Macron": the clause's subject holds the talks, when the
            # noun is the predicate's own object or prepositional complement (not "a package of support")
            gov = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
            if gov.pos_ in ("VERB", "AUX", "ADJ") and tok.dep_ not in SUBJ:
                subj = self.subject_of(gov)
                if subj is not None and subj is not tok:
                    sources = [e for e in self.actors(subj) if e not in targets]
        det = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod")}
        anaphoric = bool(det & ANAPHORIC_DET) and not sources and not targets
        if not targets and not anaphoric:
            return None  # "the CIS summit", "Putin's speech": no counterpart, no event to code
        d = Draft(tok, code, sources, targets, nominal=True, specific=False, anaphoric=anaphoric)
        if det & POSSIBLE_ADJ:
            d.extra["possible_adj"] = True
        return d

    # ------------------------------------------------------------------ status
    def local_modality(self, tok) -> str:
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if (
            not aux
            and tok.dep_ == "conj"
            and tok.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in SUBJ for c in tok.children)
        ):
            return self.local_modality(tok.head)  # "will not only convey …, but probe …"
        if tok.dep_ == "xcomp" and tok.head.lemma_ == "have" and not any(c.dep_ == "neg" for c in tok.children):
            return self.local_modality(tok.head)  # "will have to probe"
        neg = any(c.dep_ == "neg" or c.lower_ in ("never",) and c.dep_ == "advmod" for c in tok.children) or any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
            for c in tok.children
        )
        if neg:
            return "negated"
        if aux & PLANNED_AUX:
            return "planned"
        if "would" in aux and not self._conditional(tok):
            return "planned"  # future in the past: "said a delegation would travel next week"
        if aux & POSSIBLE_AUX:
            return "possible"
        # "is to visit", "are due to": be + to-infinitive
        if "to" in aux and tok.dep_ != "xcomp" and any(c.lemma_ == "be" for c in tok.children if c.dep_ == "aux"):
            return "planned"
        return "occurred"

    @staticmethod
    def _conditional(tok) -> bool:
        """Whether the sentence makes the clause hypothetical ("if …, the army would …")."""
        return any(t.lower_ in ("if", "unless", "otherwise") for t in tok.sent)

    def govern(self, d: Draft) -> bool:
        """Status and attribution from the predicates above the trigger. False drops the event."""
        cur = d.tok
        status = d.status
        for _ in range(5):
            rel, head = cur.dep_, cur.head
            if head is cur or rel == "ROOT":
                break
            if rel in ("advcl", "ccomp") and any(
                c.lower_ in ("if", "unless", "whether") and c.dep_ == "mark" for c in cur.children
            ):
                status = "possible" if status == "occurred" else status
            effect = self.gov.get(head.lemma_) if head.pos_ in ("VERB", "AUX", "ADJ", "NOUN") else None
            if effect == "carry":
                effect = None
            embedded = rel in ("ccomp", "xcomp", "pcomp", "dobj", "acl", "relcl", "advcl", "conj", "prep")
            noun_speaker = None
            if head.pos_ == "NOUN" and head.lemma_ in REPORT_NOUNS and rel in ("acl", "ccomp", "relcl"):
                # "rejected reports that Budapest had asked": the noun's own governor decides
                verb = head.head
                eff = self.gov.get(verb.lemma_)
                if eff in ("deny", "claim", "report"):
                    effect, head = eff, verb
                else:
                    effect = "claim"
            elif head.pos_ == "NOUN" and head.lemma_ in SPEECH_NOUNS and rel in ("acl", "ccomp", "relcl"):
                # "the words of the Iranian president that Tehran had never approved …"
                effect = "report"
                noun_speaker = (self.actors(head) or [None])[0]
            if effect and embedded and rel != "conj":
                speaker = noun_speaker or self.speaker_of(head)
                if effect == "deny":
                    d.status, d.attributed_to = "denied", speaker
                    return True
                if effect == "refuse" and rel == "xcomp":
                    return False
                if effect == "fail" and rel == "xcomp":
                    status = "negated"
                elif effect == "plan" and status == "occurred" and rel == "xcomp":
                    status = "planned"
                elif effect == "appeal" and status == "occurred" and rel in ("xcomp", "ccomp"):
                    status = "possible"
                elif effect == "possible" and status == "occurred":
                    status = "possible"
                elif (
                    effect in ("claim", "report") and rel == "xcomp" and any(c.dep_ == "auxpass" for c in head.children)
                ):
                    status = "claimed" if status == "occurred" else status  # "was said to be arming"
                    break
                elif effect in ("claim", "report") and rel in ("ccomp", "acl", "relcl", "advcl", "dobj", "pcomp"):
                    own = set().union(*(self._codes_of(x) for x in d.sources)) if d.sources else set()
                    third_party = speaker and speaker not in d.sources and not (self._codes_of(speaker) & own)
                    if third_party and (d.sources or effect == "claim"):
                        status = "claimed" if status == "occurred" else status
                        d.attributed_to = d.attributed_to or speaker
                    elif speaker is None and effect == "claim":
                        status = "claimed" if status == "occurred" else status  # "experts claim that …"
                    break
            cur = head
        d.status = status
        acc = self.according_to(d.tok)
        if acc and acc not in d.sources:
            d.attributed_to = d.attributed_to or acc
            if d.status == "occurred":
                d.status = "claimed"
        return True

    def speaker_of(self, verb) -> str | None:
        subj = self.agent_of(verb) if any(c.dep_ == "auxpass" for c in verb.children) else self.subject_of(verb)
        if subj is None:
            return None
        found = self.actors(subj)
        return found[0] if found else None

    def according_to(self, tok) -> str | None:
        sent = tok.sent
        scope = {tok.i, *(a.i for a in tok.ancestors)}
        for t in sent:
            if (
                t.lower_ == "according"
                and t.i + 1 < len(self.doc)
                and self.doc[t.i + 1].lower_ == "to"
                and t.head.i in scope
            ):
                for p in self.doc[t.i + 1].children:
                    if p.dep_ == "pobj":
                        found = self.actors(p)
                        if found:
                            return found[0]
                span = self.index.in_range(t.i + 2, min(t.i + 8, sent.end))
                if span:
                    return self._acting_for(span[0])
        return None

    # ------------------------------------------------------------------ place and time
    def _is_state(self, eid: str) -> bool:
        e = self.index.entity(eid)
        return e is not None and (e.kb_id or "").startswith("country:")

    def _is_place(self, eid: str) -> bool:
        e = self.index.entity(eid)
        return e is not None and e.type in PLACE_TYPES

    def location(self, d: Draft) -> str | None:
        for tok in (d.tok, d.tok.head if d.nominal else None):
            if tok is None:
                continue
            for _, p in self.prep_objects(tok, PLACE_PREPS):
                for eid in self.actors(p):
                    if self._is_place(eid):
                        return eid
        for eid in d.targets:
            e = self.index.entity(eid)
            if e is not None and e.type in PLACE_TYPES and d.code[:3] in ("042", "043", "044"):
                return eid
        return None

    def time_of(self, d: Draft) -> TimeRef | None:
        if not self.timexes:
            return None
        tok = d.tok if not d.nominal else d.tok.head
        lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
        sent = d.tok.sent
        lo, hi = max(lo, sent.start_char), min(hi, sent.end_char)
        best = None
        for t in self.timexes:
            if t.start >= lo and t.end <= hi and t.type in ("DATE", "TIME"):
                dist = abs(t.start - d.tok.idx)
                if best is None or dist < best[0]:
                    best = (dist, t)
        return TimeRef(best[1].text, best[1].value) if best else None

    # ------------------------------------------------------------------ assembly
    def run(self) -> list[Event]:
        drafts: list[Draft] = []
        self.drafts = drafts
        for tok in self.toks:
            self._denied_anaphor(tok, drafts)
            d = None
            if (
                tok.pos_ in ("VERB",)
                or tok.pos_ == "AUX"
                and tok.dep_ == "ROOT"
                or tok.pos_ == "ADJ"
                and tok.dep_ in ("acomp", "ROOT", "ccomp", "conj")
            ):
                d = self.verbal(tok)
            elif tok.pos_ == "NOUN":
                d = self.nominal(tok)
            if d is None:
                continue
            d.status = self.local_modality(d.tok if not d.nominal else d.tok.head)
            if d.status == "occurred" and d.tok.lemma_ in SCHEDULE:
                d.status = "planned"  # "is due in Paris", "is expected in Beirut"
            if d.nominal and d.tok.dep_ not in SUBJ + ("dobj", "pobj", "attr", "ROOT"):
                d.status = "occurred"
            if d.extra.get("possible_adj") and d.status == "occurred":
                d.status = "possible"
            if d.status == "negated" and (
                d.code in ("051", "050") and not d.nominal or d.extra.get("approval_negated")
            ):
                d.code, d.status = "110", "occurred"  # "had never approved": a disapproval
            if not self.govern(d):
                continue
            if d.anaphoric and not self._resolve_anaphor(d, drafts):
                continue
            drafts.append(d)
        for q in self.quotes:
            d = self.speech_act(q)
            if d is not None:  # the speaking happened; what was said is its content
                drafts.append(d)
        return self._emit(drafts)

    def speech_act(self, q) -> Draft | None:
        """Reported words that are an act in themselves: an accusation, a threat, a demand, support."""
        if not q.speaker:
            return None
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return None
        at = self._cue_at(q)
        cue_span = self.doc.char_span(at, at + len(q.cue), alignment_mode="expand") if at is not None else None
        cue = cue_span[0] if cue_span is not None and len(cue_span) else None
        if cue is not None and cue.lemma_ not in NEUTRAL_CUES:
            return None  # "accused", "warned", "urged": the verb is the event
        acts = self.cameo.speech_acts
        code = next((acts[t.lemma_.lower()] for t in span if t.lemma_.lower() in acts), None)
        if code is None:
            return None
        source = self._acting_for(q.speaker)
        own = self._codes_of(source)
        targets = []
        for t in span:
            eid = self._acting_for(self.index.at(t.i))
            if eid and eid != source and self._usable(eid) and not (self._codes_of(eid) & own) and eid not in targets:
                targets.append(eid)
        if not targets:
            return None
        d = Draft(span[0], code, [source], targets[:1], nominal=False, specific=True)
        d.extra["trigger"] = span[0]
        return d

    def _cue_at(self, q) -> int | None:
        """Character offset of a quote's cue verb near the quote."""
        if not q.cue:
            return None
        text = self.text
        lo, hi = max(0, q.start - 300), min(len(text), q.end + 300)
        near, at = [], text.find(q.cue, lo, hi)
        while at >= 0:
            near.append(at)
            at = text.find(q.cue, at + 1, hi)
        return min(near, key=lambda m: min(abs(m - q.start), abs(m - q.end))) if near else None

    def _resolve_anaphor(self, d: Draft, drafts: list[Draft]) -> bool:
        """ "such deliveries": the participants of the latest event of the same kind."""
        for prev in reversed(drafts):
            if prev.tok.i < d.tok.sent.start - 200:
                break
            if self.cameo.code(prev.code).quad_class == self.cameo.code(d.code).quad_class and (
                prev.sources or prev.targets
            ):
                d.sources, d.targets = list(prev.sources), list(prev.targets)
                d.code = prev.code
                return True
        return False

    def _denied_anaphor(self, tok, drafts: list[Draft]) -> None:
        """ "rejected this possibility": a denial of the event the article just reported."""
        if tok.pos_ != "VERB" or self.gov.get(tok.lemma_) != "deny":
            return
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_ in INVOLVEMENT:
            self._denied_involvement(tok, obj, drafts)
            return
        if obj is None or obj.lemma_ not in REPORT_NOUNS:
            return
        if not any(c.lower_ in ANAPHORIC_DET | {"the"} for c in obj.children) or any(
            c.dep_ in ("acl", "ccomp", "relcl") for c in obj.children
        ):
            return  # "rejected the reports" refers back; "rejected reports that …" carries its own event
        speaker = self.speaker_of(tok)
        for prev in reversed(drafts):
            if prev.tok.i < tok.sent.start - 150:
                break
            if prev.status in ("claimed", "possible", "occurred", "planned") and (prev.sources or prev.targets):
                copy = Draft(
                    tok,
                    prev.code,
                    list(prev.sources),
                    list(prev.targets),
                    nominal=prev.nominal,
                    specific=prev.specific,
                    status="denied",
                    attributed_to=speaker,
                )
                drafts.append(copy)
                return

    def _denied_involvement(self, tok, obj, drafts: list[Draft]) -> None:
        """ "Hezbollah denied any involvement": the denier is said not to be the source of the latest
        event of the article's own reporting."""
        denier = self.speaker_of(tok)
        if denier is None:
            return
        for prev in reversed(drafts):
            if prev.tok.i < tok.sent.start - 150:
                break
            own = self._codes_of(denier)
            if (
                prev.status == "occurred"
                and prev.code[:2] >= "14"
                and prev.targets
                and not any(self._codes_of(t) & own for t in prev.targets)
            ):
                copy = Draft(
                    tok,
                    prev.code,
                    [denier],
                    [t for t in prev.targets if t != denier],
                    nominal=False,
                    specific=prev.specific,
                    status="denied",
                    attributed_to=denier,
                )
                drafts.append(copy)
                return

    def _emit(self, drafts: list[Draft]) -> list[Event]:
        events: list[Event] = []
        # an event is coded when the article names who did it, and to whom (force and violence may have no
        # target: "North Korea launched a missile into the sea")
        for d in drafts:
            if (
                not d.targets
                and d.sources
                and not d.extra.get("reciprocal")
                and not d.nominal
                and (d.specific or d.code[:2] in ("16", "17"))
            ):
                # "Moscow dismissed the new measures": the counterpart is the article's main actor
                fallback = self.salient(exclude=d.sources)
                if fallback:
                    d.targets, d.extra["implied_target"] = [fallback], True
            if not d.sources and d.targets and d.specific:
                # an agentless report ("imports would be banned", "the station was struck"): the doer is the
                # article's main actor other than the target
                fallback = self.salient(exclude=d.targets)
                if fallback:
                    d.sources, d.extra["implied_source"] = [fallback], True
        drafts = [d for d in drafts if d.sources and (d.targets or d.extra.get("reciprocal") or d.code[:2] >= "14")]
        drafts = [d for d in drafts if not (d.nominal and d.code == "061")]  # trade flows are figures
        seen: dict[tuple, int] = {}
        for d in drafts:
            sources = d.sources or [None]
            targets = [t for t in d.targets] or [None]
            if d.extra.get("reciprocal"):
                targets = list(d.sources)
            for s in sources[:4]:
                for t in targets[:4]:
                    if s is None and t is None or s == t:
                        continue
                    key = (s, t, d.code[:2], d.status)
                    conf = self.confidence(d, s, t)
                    if key in seen:
                        old = events[seen[key]]
                        if conf <= old.confidence:
                            continue
                    ev = self.make_event(d, s, t, conf)
                    if key in seen:
                        ev.id = events[seen[key]].id
                        events[seen[key]] = ev
                    else:
                        seen[key] = len(events)
                        ev.id = f"v{len(events) + 1}"
                        events.append(ev)
        return events

    def confidence(self, d: Draft, s, t) -> float:
        c = 0.45 + (0.2 if s else 0) + (0.15 if t else 0) + (0.1 if d.specific else 0)
        if d.nominal:
            c -= 0.1
        if d.anaphoric:
            c -= 0.1
        if d.extra.get("implied_source") or d.extra.get("implied_target"):
            c -= 0.2
        return round(min(c, 0.95), 2)

    def make_event(self, d: Draft, s, t, conf: float) -> Event:
        info = self.cameo.code(d.code)
        tok = d.extra.get("trigger", d.tok)
        sent = tok.sent
        head = d.tok if not d.nominal else tok.head
        lo = min(head.left_edge.i, tok.left_edge.i)
        hi = max(head.right_edge.i, tok.right_edge.i)
        lo, hi = max(lo, sent.start), min(hi, sent.end - 1)
        start, end = self.toks[lo].idx, self.toks[hi].idx + len(self.toks[hi])
        if d.location is None:
            d.location = self.location(d)
        if d.time is None:
            d.time = self.time_of(d)
        return Event(
            id="",
            code=d.code,
            label=info.label,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            source=s,
            target=t,
            location=d.location,
            status=d.status,
            attributed_to=d.attributed_to,
            time=d.time,
            trigger=Span(tok.idx, tok.idx + len(tok), tok.text),
            evidence={"start": start, "end": end},
            confidence=conf,
        )


def find_events(doc, index, kb, timexes: list[Timex], quotes, published: str | None) -> list[Event]:
    return EventFinder(doc, index, kb, timexes, quotes or [], published, load_cameo()).run()
