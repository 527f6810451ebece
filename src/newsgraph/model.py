"""The newsgraph.analysis/1 contract (SPEC.md section 1) as dataclasses, with JSON in and out."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA = "newsgraph.analysis/1"

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW")
EVENT_STATUSES = ("occurred", "planned", "possible", "claimed", "denied", "negated")
QUOTE_KINDS = ("direct", "indirect", "mixed")


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Document:
    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"


@dataclass
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    actor_code: str | None = None
    role: str | None = None
    kb_id: str | None = None
    mentions: list[Span] = field(default_factory=list)
    affiliation: str | None = None  # for a person: the entity id of the organisation they speak or act for


@dataclass
class TimeRef:
    text: str | None
    value: str | None


@dataclass
class Event:
    id: str
    code: str
    label: str
    quad_class: int
    goldstein: float
    source: str | None
    target: str | None
    location: str | None
    status: str
    attributed_to: str | None
    time: TimeRef | None
    trigger: Span
    evidence: dict[str, int]
    confidence: float


@dataclass
class Quote:
    id: str
    speaker: str | None
    speaker_text: str | None
    cue: str | None
    kind: str
    text: str
    start: int
    end: int


@dataclass
class Quantity:
    id: str
    text: str
    value: float
    unit: str
    approximate: bool
    change: str | None
    measure: str | None
    period: TimeRef | None
    attributed_to: str | None
    start: int
    end: int


@dataclass
class Timex:
    text: str
    value: str
    type: str
    start: int
    end: int


@dataclass
class Analysis:
    document: Document
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": asdict(self.document),
            "entities": [asdict(e) for e in self.entities],
            "events": [asdict(e) for e in self.events],
            "quotes": [asdict(q) for q in self.quotes],
            "quantities": [asdict(q) for q in self.quantities],
            "timexes": [asdict(t) for t in self.timexes],
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema={data.get('schema')!r})")
        return cls(
            document=_build(Document, data["document"]),
            entities=[
                _build(Entity, e, mentions=[_build(Span, m) for m in e.get("mentions", [])])
                for e in data.get("entities", [])
            ],
            events=[
                _build(
                    Event,
                    e,
                    trigger=_build(Span, e["trigger"]),
                    time=_build(TimeRef, e["time"]) if e.get("time") else None,
                )
                for e in data.get("events", [])
            ],
            quotes=[_build(Quote, q) for q in data.get("quotes", [])],
            quantities=[
                _build(Quantity, q, period=_build(TimeRef, q["period"]) if q.get("period") else None)
                for q in data.get("quantities", [])
            ],
            timexes=[_build(Timex, t) for t in data.get("timexes", [])],
        )

    @classmethod
    def from_json(cls, text: str) -> Analysis:
        return cls.from_dict(json.loads(text))

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None


def _build(kind, data: dict[str, Any], **override):
    """Build a dataclass from a dict, ignoring fields the contract lets producers add."""
    names = {f.name for f in fields(kind)}
    values = {k: v for k, v in data.items() if k in names}
    values.update(override)
    return kind(**values)
