"""The article text as HTML with every fact highlighted at its offsets: entity mentions, event triggers,
quotes, figures and dates, each a `<mark>` with its kind, a reference to the item and a hover text.

Built on the server from the offsets, with every piece of text and every attribute escaped, so an
article containing markup shows it as text. Overlapping spans are nested; a span that crosses another
is split in two fragments that carry the same reference (the first one holds the anchor id)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import ENTITY_TYPES

KINDS = ("entity", "event", "quote", "figure", "date")
# When two spans start together and end together, the one listed first encloses the other.
_RANK = {"quote": 0, "entity": 1, "figure": 2, "date": 3, "event": 4}


@dataclass
class Mark:
    start: int
    end: int
    kind: str
    ref: str
    tip: str
    anchor: str | None = None
    subtype: str | None = None


def _name(entities: dict, eid: str | None) -> str:
    e = entities.get(eid) if eid else None
    return e["name"] if e else "?"


def event_summary(entities: dict, v: dict) -> str:
    """'Russia → Ukraine · 190 Use conventional military force' for an event dict of the contract."""
    src, tgt = v.get("source"), v.get("target")
    who = f"{_name(entities, src) if src else '—'} → {_name(entities, tgt) if tgt else '—'}"
    return f"{who} · {v.get('code')} {v.get('label')}"


def marks(analysis: dict) -> list[Mark]:
    """All highlightable spans of an analysis (a newsgraph.analysis/1 dict)."""
    entities = {e["id"]: e for e in analysis.get("entities", [])}
    out: list[Mark] = []
    for e in analysis.get("entities", []):
        facts = [e["type"], e.get("country"), e.get("actor_code"), e.get("role")]
        tip = f"{e['name']} · " + " · ".join(str(f) for f in facts if f)
        subtype = e["type"] if e["type"] in ENTITY_TYPES else "OTHER"
        for i, m in enumerate(e.get("mentions", [])):
            anchor = f"e-{e['id']}" if i == 0 else None
            out.append(Mark(m["start"], m["end"], "entity", e["id"], tip, anchor, subtype))
    for v in analysis.get("events", []):
        t = v.get("trigger") or {}
        if t.get("start") is None:
            continue
        when = (v.get("time") or {}).get("value")
        bits = [f"Event {v['id']}: {event_summary(entities, v)}", v.get("status")]
        if when:
            bits.append(when)
        if v.get("attributed_to"):
            bits.append(f"according to {_name(entities, v['attributed_to'])}")
        out.append(Mark(t["start"], t["end"], "event", v["id"], " · ".join(b for b in bits if b), f"t-{v['id']}"))
    for q in analysis.get("quotes", []):
        who = _name(entities, q["speaker"]) if q.get("speaker") else (q.get("speaker_text") or "unknown speaker")
        tip = f"Quote {q['id']} ({q.get('kind')}) · {who}" + (f" · “{q['cue']}”" if q.get("cue") else "")
        out.append(Mark(q["start"], q["end"], "quote", q["id"], tip, f"q-{q['id']}"))
    for n in analysis.get("quantities", []):
        bits = [f"{'≈' if n.get('approximate') else ''}{_number(n.get('value'))} {n.get('unit') or ''}".strip()]
        bits += [n.get("change"), n.get("measure"), (n.get("period") or {}).get("value")]
        if n.get("attributed_to"):
            bits.append(f"per {_name(entities, n['attributed_to'])}")
        tip = f"Figure {n['id']}: " + " · ".join(str(b) for b in bits if b)
        out.append(Mark(n["start"], n["end"], "figure", n["id"], tip, f"n-{n['id']}"))
    for i, t in enumerate(analysis.get("timexes", []), 1):
        tip = f"Date: {t.get('value')} ({t.get('type')})"
        out.append(Mark(t["start"], t["end"], "date", f"d{i}", tip, f"d-{i}"))
    return out


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _open(m: Mark, first: bool) -> str:
    cls = f"hl hl-{m.kind}" + (f" hl-{m.subtype}" if m.subtype else "")
    anchor = f' id="{escape(m.anchor)}"' if first and m.anchor else ""
    return f'<mark class="{cls}"{anchor} data-kind="{m.kind}" data-ref="{escape(m.ref)}" data-tip="{escape(m.tip)}">'


def render(text: str, spans: list[Mark]) -> Markup:
    """`text` as escaped HTML with the spans marked (spans with offsets outside the text are left out)."""
    n = len(text)
    valid = [m for m in spans if isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= n]
    valid.sort(key=lambda m: (m.start, -m.end, _RANK.get(m.kind, 9)))
    starting = defaultdict(list)
    bounds = {0, n}
    for m in valid:
        starting[m.start].append(m)
        bounds.update((m.start, m.end))
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0
    for b in sorted(bounds):
        if b > pos:
            out.append(str(escape(text[pos:b])))
            pos = b
        ending = [i for i, m in enumerate(stack) if m.end == b]
        if ending:
            # close everything from the outermost span that ends here, then reopen the ones that go on
            cut = ending[0]
            out.append("</mark>" * (len(stack) - cut))
            reopen = [m for m in stack[cut:] if m.end != b]
            del stack[cut:]
            for m in reopen:
                out.append(_open(m, False))
                stack.append(m)
        for m in starting.get(b, []):
            out.append(_open(m, True))
            stack.append(m)
    out.append("</mark>" * len(stack))
    return Markup("".join(out))
