"""Printing query results: an aligned text table, JSON (a list of objects) or CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from .queries import Result

FORMATS = ("table", "json", "csv")


def _plain(v):
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, bytes | bytearray):
        return v.hex()
    return v


def render(result: Result, fmt: str = "table", max_width: int = 60) -> str:
    if fmt == "json":
        return json.dumps(
            [{k: _plain(v) for k, v in d.items()} for d in result.to_dicts()], ensure_ascii=False, indent=1
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        w.writerows([[_plain(v) for v in r] for r in result.rows])
        return buf.getvalue().rstrip("\n")
    return table(result, max_width)


def _cell(v, max_width: int) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        s = f"{v:g}"
    else:
        s = " ".join(str(_plain(v)).split())
    return s if len(s) <= max_width else s[: max_width - 1] + "…"


def table(result: Result, max_width: int = 60) -> str:
    if not result.rows:
        return "(no rows)"
    cells = [[_cell(v, max_width) for v in r] for r in result.rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(result.columns)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(result.columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out)
