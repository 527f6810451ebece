"""Which entity each token belongs to: the bridge from the coreference stage to the later stages."""
from __future__ import annotations

from ..model import Entity


def tokens(doc) -> list:
    """The Doc's Token objects, made once per document and shared by the stages (spaCy creates a new
    Token object on every iteration or index)."""
    toks = doc.user_data.get("newsgraph_tokens")
    if toks is None or len(toks) != len(doc):
        toks = doc.user_data["newsgraph_tokens"] = list(doc)
    return toks


class EntityIndex:
    """Token index -> entity id, built from the entities' mentions (the longest mention wins)."""

    def __init__(self, doc, entities: list[Entity]):
        self.doc = doc
        self.entities = {e.id: e for e in entities}
        self.by_token: dict[int, str] = {}
        self.mention_of_token: dict[int, tuple[int, int]] = {}  # token -> (start_char, end_char) of its mention
        spans = []
        for e in entities:
            for m in e.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    spans.append((span.end - span.start, span, e.id, m))
        for _, span, eid, m in sorted(spans, key=lambda x: -x[0]):
            for t in range(span.start, span.end):
                if t not in self.by_token:
                    self.by_token[t] = eid
                    self.mention_of_token[t] = (m.start, m.end)

    def at(self, i: int) -> str | None:
        """The entity a token is part of, if any."""
        return self.by_token.get(i)

    def entity(self, eid: str | None) -> Entity | None:
        return self.entities.get(eid) if eid else None

    def of_phrase(self, token) -> str | None:
        """The entity a noun phrase headed by `token` refers to: the head itself, else a compound or
        possessive or appositive inside the phrase ("Kremlin spokesman Dmitry Peskov", "Iran's president")."""
        eid = self.by_token.get(token.i)
        if eid:
            return eid
        for child in token.children:
            if child.dep_ in ("compound", "appos", "nmod", "amod", "poss") and child.i in self.by_token:
                return self.by_token[child.i]
        return None

    def in_range(self, start: int, end: int) -> list[str]:
        """Entity ids with a token in [start, end), in order of first appearance."""
        seen: dict[str, None] = {}
        for t in range(start, end):
            eid = self.by_token.get(t)
            if eid:
                seen.setdefault(eid)
        return list(seen)
