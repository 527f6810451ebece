"""Scoring of analyses against gold files (SPEC.md section 3), used by `newsgraph evaluate`.

Matching is one-to-one and optimal: a maximum-weight assignment in which a required gold item
outweighs any number of optional ones, and agreement on secondary fields (status, attribution,
speaker, change) only breaks ties. Micro-averaged over the documents of a folder.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PARTS = ("entities", "events", "quotes", "quantities", "timexes")
_CLASS = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "org",
    "NORP_ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "PLACE": "place",
}
_UNITS = {
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "percentage": "%",
    "ton": "t",
    "tons": "t",
    "tonne": "t",
    "tonnes": "t",
    "metric ton": "t",
    "": "count",
    "none": "count",
    "number": "count",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
}
REQUIRED, OPTIONAL = 1_000_000.0, 1_000.0


def norm(s) -> str:
    """Case, accents, punctuation and a leading article folded away."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c)).strip()
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    return re.sub(r"[^a-z0-9]", "", s.lower())


def words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", (s or "").lower())


def surface_names(item: dict) -> set[str]:
    found = {norm(item.get("name"))}
    found |= {norm(a) for a in item.get("aliases") or []}
    found |= {norm(m.get("text")) for m in item.get("mentions") or [] if isinstance(m, dict)}
    return found - {""}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for k, v in other.agree.items():
            self.agree[k] = self.agree.get(k, 0) + v
        for k, v in other.asked.items():
            self.asked[k] = self.asked.get(k, 0) + v

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _min_cost_assignment(cost: list[list[float]]) -> list[int]:
    """Kuhn-Munkres with row/column potentials on a square cost matrix: for each row, its column.

    Rows are added one at a time and an augmenting path of least reduced cost is grown from each
    (the O(n^3) shortest-augmenting-path form). Deterministic: ties go to the lowest column index
    reached first, which is also how the reference scorer breaks them."""
    n = len(cost)
    inf = float("inf")
    row_pot = [0.0] * (n + 1)
    col_pot = [0.0] * (n + 1)
    owner = [0] * (n + 1)  # owner[col] = row matched to col (1-based; 0 = free)
    back = [0] * (n + 1)
    for row in range(1, n + 1):
        owner[0] = row
        col = 0
        best = [inf] * (n + 1)
        done = [False] * (n + 1)
        while True:
            done[col] = True
            r = owner[col]
            step, nxt = inf, 0
            for c in range(1, n + 1):
                if done[c]:
                    continue
                reduced = cost[r - 1][c - 1] - row_pot[r] - col_pot[c]
                if reduced < best[c]:
                    best[c], back[c] = reduced, col
                if best[c] < step:
                    step, nxt = best[c], c
            for c in range(n + 1):
                if done[c]:
                    row_pot[owner[c]] += step
                    col_pot[c] -= step
                else:
                    best[c] -= step
            col = nxt
            if owner[col] == 0:
                break
        while col:
            prev = back[col]
            owner[col] = owner[prev]
            col = prev
    result = [0] * n
    for c in range(1, n + 1):
        if owner[c]:
            result[owner[c] - 1] = c - 1
    return result


def assign(gold: list[dict], pred: list, fits, tiebreak=None) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (gold index, prediction index) among the pairs that fit: the maximum-weight
    matching, solved as a minimum-cost assignment on the padded square matrix."""
    if not gold or not pred:
        return []
    w = [[0.0] * len(pred) for _ in gold]
    for i, g in enumerate(gold):
        base = OPTIONAL if g.get("optional") else REQUIRED
        for j, p in enumerate(pred):
            if fits(g, p):
                w[i][j] = base + (tiebreak(g, p) if tiebreak else 0.0)
    n = max(len(gold), len(pred))
    top = max(max(row) for row in w)
    cost = [[top - (w[i][j] if i < len(gold) and j < len(pred) else 0.0) for j in range(n)] for i in range(n)]
    cols = _min_cost_assignment(cost)
    return [(i, cols[i]) for i in range(len(gold)) if cols[i] < len(pred) and w[i][cols[i]] > 0]


def tally(gold: list[dict], pred: list, pairs: list[tuple[int, int]], counted=lambda p: True) -> Tally:
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    t = Tally()
    t.tp = sum(1 for i, _ in pairs if not gold[i].get("optional"))
    t.fn = sum(1 for i, g in enumerate(gold) if i not in matched_g and not g.get("optional"))
    t.fp = sum(1 for j, p in enumerate(pred) if j not in matched_p and counted(p))
    return t


class Scorer:
    """Scores one prediction (analysis JSON dict) against one gold dict."""

    def __init__(self, gold: dict, pred: dict):
        self.gold, self.pred = gold, pred
        self.ent_by_id = {e.get("id"): e for e in pred.get("entities", [])}
        self.keys = {eid: self._actor_keys(e) for eid, e in self.ent_by_id.items()}

    @staticmethod
    def _actor_keys(e: dict) -> set[str]:
        keys = surface_names(e)
        if e.get("country"):
            keys.add(norm(e["country"]))
        code = e.get("actor_code")
        if code:
            keys.add(norm(code))
            if not code.upper().startswith("IGO"):
                keys.add(norm(code[:3]))
        return keys

    def actor(self, ref) -> set[str]:
        if ref in (None, ""):
            return {""}
        if isinstance(ref, dict):
            return (surface_names(ref) | {norm(ref.get("country")), norm(ref.get("actor_code"))}) - {""}
        return self.keys.get(ref, {norm(ref)})

    @staticmethod
    def gold_actor(ref) -> set[str]:
        if ref is None:
            return {""}
        return {norm(x) for x in (ref if isinstance(ref, list) else [ref])}

    # -------------------------------------------------------------- parts
    def entities(self) -> Tally:
        gold, pred = self.gold.get("entities", []), self.pred.get("entities", [])

        def fits(g, p):  # types outside the scored classes only match each other and never count
            same = _CLASS.get(g.get("type", ""), "other") == _CLASS.get(p.get("type", ""), "other")
            return same and bool(surface_names(g) & surface_names(p))

        pairs = assign(gold, pred, fits)
        return tally(gold, pred, pairs, counted=lambda p: p.get("type", "") in _CLASS)

    def events(self) -> Tally:
        gold, pred = self.gold.get("events", []), self.pred.get("events", [])

        def roots(g):
            return {(g.get("code") or "")[:2]} | {(c or "")[:2] for c in g.get("code_alternatives", [])}

        def fits(g, p):
            return (
                (p.get("code") or "")[:2] in roots(g)
                and bool(self.gold_actor(g.get("source")) & self.actor(p.get("source")))
                and bool(self.gold_actor(g.get("target")) & self.actor(p.get("target")))
            )

        def status_ok(g, p):
            return p.get("status") in {g.get("status"), *g.get("status_alternatives", [])}

        def attr_ok(g, p):
            return bool(self.gold_actor(g["attributed_to"]) & self.actor(p.get("attributed_to")))

        def tiebreak(g, p):
            return (
                (10 if status_ok(g, p) else 0)
                + (5 if g.get("attributed_to") and attr_ok(g, p) else 0)
                + (1 if (p.get("code") or "")[:3] == (g.get("code") or "")[:3] else 0)
            )

        pairs = assign(gold, pred, fits, tiebreak)
        t = tally(gold, pred, pairs)
        req = [(gold[i], pred[j]) for i, j in pairs if not gold[i].get("optional")]
        t.agree["status"] = sum(status_ok(g, p) for g, p in req)
        t.asked["status"] = len(req)
        attributed = [(g, p) for g, p in req if g.get("attributed_to")]
        t.agree["attribution"] = sum(attr_ok(g, p) for g, p in attributed)
        t.asked["attribution"] = len(attributed)
        return t

    def _speaker_names(self, q: dict) -> set[str]:
        sp = q.get("speaker")
        out: set[str] = set()
        if isinstance(sp, dict):
            out |= surface_names(sp)
        elif isinstance(sp, str):
            out |= surface_names(self.ent_by_id[sp]) if sp in self.ent_by_id else {norm(sp)}
        if q.get("speaker_text"):
            out.add(norm(q["speaker_text"]))
        return out

    def _gold_speaker(self, name: str) -> set[str]:
        out = {norm(name)}
        for e in self.gold.get("entities", []):
            if norm(name) in surface_names(e):
                out |= surface_names(e)
        return out - {""}

    @staticmethod
    def _same_speaker(gold_names: set[str], names: set[str]) -> bool:
        return any(
            n and g and (n == g or n.endswith(g) or (g.endswith(n) and len(n) >= 4) or g in n)
            for g in gold_names
            for n in names
        )

    def quotes(self) -> Tally:
        gold, pred = self.gold.get("quotes", []), self.pred.get("quotes", [])

        def cover(a: str, b: str) -> float:
            aw, bw = words(a), set(words(b))
            return sum(w in bw for w in aw) / len(aw) if aw else 0.0

        def fits(g, p):
            return cover(g["text"], p.get("text", "")) >= 0.6 and cover(p.get("text", ""), g["text"]) >= 0.3

        def spk_ok(g, p):
            return bool(g.get("speaker")) and self._same_speaker(
                self._gold_speaker(g["speaker"]), self._speaker_names(p)
            )

        pairs = assign(gold, pred, fits, lambda g, p: 10 if spk_ok(g, p) else 0)
        t = tally(gold, pred, pairs)
        req = [(gold[i], pred[j]) for i, j in pairs if not gold[i].get("optional") and gold[i].get("speaker")]
        t.agree["speaker"] = sum(spk_ok(g, p) for g, p in req)
        t.asked["speaker"] = len(req)
        return t

    def quantities(self) -> Tally:
        gold, pred = self.gold.get("quantities", []), self.pred.get("quantities", [])

        def unit(u) -> str:
            u = (u or "").strip()
            return _UNITS.get(u.lower(), u.upper() if len(u) == 3 else u.lower())

        def fits(g, p):
            try:
                gv, pv = float(g["value"]), float(p.get("value"))
            except (TypeError, ValueError):
                return False
            return abs(gv - pv) <= 1e-6 * max(1.0, abs(gv)) and unit(g.get("unit")) == unit(p.get("unit"))

        def change_ok(g, p):
            return (g.get("change") or None) == (p.get("change") or None)

        pairs = assign(gold, pred, fits, lambda g, p: 10 if change_ok(g, p) else 0)
        t = tally(gold, pred, pairs)
        req = [(gold[i], pred[j]) for i, j in pairs if not gold[i].get("optional")]
        t.agree["change"] = sum(change_ok(g, p) for g, p in req)
        t.asked["change"] = len(req)
        return t

    def timexes(self) -> Tally:
        gold, pred = self.gold.get("timexes", []), self.pred.get("timexes", [])

        def values(v) -> set[str]:
            return set() if not v else {v, *v.split("/")} if "/" in v else {v}

        def fits(g, p):
            a, b = norm(g.get("text")), norm(p.get("text"))
            accepted = {g["value"], *g.get("value_alternatives", [])}
            return bool(a and b and (a in b or b in a)) and bool(accepted & values(p.get("value")))

        return tally(gold, pred, assign(gold, pred, fits))

    def all(self) -> dict[str, Tally]:
        return {part: getattr(self, part)() for part in PARTS}


def score_folder(gold_dir: Path, pred_dir: Path) -> dict[str, Tally]:
    """Micro-averaged tallies over every NAME.gold.json in gold_dir paired with pred_dir/NAME.json."""
    total = {part: Tally() for part in PARTS}
    for gf in sorted(gold_dir.glob("*.gold.json")):
        pf = pred_dir / (gf.name[: -len(".gold.json")] + ".json")
        pred = json.loads(pf.read_text(encoding="utf-8")) if pf.exists() else {}
        for part, t in Scorer(json.loads(gf.read_text(encoding="utf-8")), pred).all().items():
            total[part].add(t)
    return total


ACCURACY_NAMES = {
    "status": "status_accuracy",
    "attribution": "attribution_accuracy",
    "speaker": "speaker_accuracy",
    "change": "change_accuracy",
}


def table(total: dict[str, Tally], documents: int) -> str:
    lines = [f"{'':12} {'P':>6} {'R':>6} {'F1':>6}   extra"]
    for part in PARTS:
        t = total[part]
        p, r, f = t.prf()
        extra = []
        for k, name in ACCURACY_NAMES.items():
            if k in t.asked:
                if t.asked[k]:
                    extra.append(f"{name}={t.agree[k] / t.asked[k]:.4f}")
                elif k == "attribution":
                    extra.append(f"{name}=None")
                else:
                    extra.append(f"{name}=0.0")
        lines.append(f"{part:12} {p:6.3f} {r:6.3f} {f:6.3f}   " + " ".join(extra))
    lines.append(f"documents={documents}")
    return "\n".join(lines)


def as_dict(total: dict[str, Tally]) -> dict:
    out = {}
    for part, t in total.items():
        p, r, f = t.prf()
        out[part] = {
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        }
        for k, name in ACCURACY_NAMES.items():
            if k in t.asked:
                out[part][name] = round(t.agree[k] / t.asked[k], 4) if t.asked[k] else None
    return out
