"""Events as CAMEO rows for GDELT-style consumers (`newsgraph analyze --format cameo`).

One tab-separated row per event, with the column names of the GDELT 2.0 event table where one
exists. CAMEO itself has no status: for CAMEO-strict consumers a planned event is written as the
03x/13x intent its code maps onto (cameo/data/intents.tsv, original code kept in `NewsgraphCode`),
and negated or denied events are left out, since the article says they did not happen.
"""

from __future__ import annotations

import re

from ..model import Analysis
from . import load_cameo

COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "SOURCEURL",
    "NewsgraphCode",
    "Status",
    "AttributedTo",
    "Evidence",
]


def sqldate(value: str | None, fallback: str | None) -> str:
    """YYYYMMDD from a TIMEX3 date (a month or year is padded with 00, as GDELT's own partial dates)."""
    for v in (value, fallback):
        m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", v or "")
        if m:
            return m.group(1) + (m.group(2) or "00") + (m.group(3) or "00")
    return ""


def rows(analysis: Analysis, strict: bool = True) -> list[list[str]]:
    cameo = load_cameo()
    out = []
    doc = analysis.document
    for n, v in enumerate(analysis.events, 1):
        if strict and v.status in ("negated", "denied"):
            continue
        code = cameo.intent_of(v.code) if strict and v.status == "planned" else v.code
        info = cameo.code(code)
        a1, a2, place = analysis.entity(v.source), analysis.entity(v.target), analysis.entity(v.location)
        attr = analysis.entity(v.attributed_to)
        out.append(
            [
                f"{doc.id[7:19]}-{n}",
                sqldate(v.time.value if v.time else None, doc.published),
                (a1.actor_code or "") if a1 else "",
                a1.name if a1 else "",
                (a1.country or "") if a1 else "",
                (a2.actor_code or "") if a2 else "",
                a2.name if a2 else "",
                (a2.country or "") if a2 else "",
                code,
                code[:3],
                code[:2],
                str(info.quad_class),
                f"{info.goldstein:g}",
                place.name if place else "",
                (place.country or "") if place else "",
                doc.url or "",
                v.code,
                v.status,
                attr.name if attr else "",
                doc.text[v.evidence["start"] : v.evidence["end"]].replace("\t", " ").replace("\n", " "),
            ]
        )
    return out


def to_tsv(analysis: Analysis, strict: bool = True) -> str:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(r) for r in rows(analysis, strict)]
    return "\n".join(lines)
