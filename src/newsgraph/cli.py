"""The `newsgraph` command: thin commands over library functions. Errors are one line, exit code 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import InputError, NewsgraphError

MAX_BYTES = 50 * 1024 * 1024


def read_text_file(path: str) -> str:
    """Read an article as UTF-8 text ('-' is standard input), refusing what is not text."""
    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (undecodable byte at offset {exc.start})") from None
    return text.replace("\r\n", "\n")


# ------------------------------------------------------------------------------------------ report
def text_report(analysis) -> str:
    d = analysis.document
    lines = []
    head = " · ".join(x for x in (d.title, d.source, d.published) if x)
    lines.append(head or d.id[:19])
    lines.append("")
    lines.append(f"Entities ({len(analysis.entities)})")
    for e in sorted(analysis.entities, key=lambda e: (-len(e.mentions), e.name)):
        code = f" [{e.actor_code}]" if e.actor_code else ""
        role = f", {e.role}" if e.role else ""
        lines.append(
            f"  {e.name} ({e.type}{', ' + e.country if e.country else ''}){code}{role}"
            f" · {len(e.mentions)} mention{'s' if len(e.mentions) != 1 else ''}"
        )
    for title, items, fmt in (
        ("Events", analysis.events, _fmt_event),
        ("Quotes", analysis.quotes, _fmt_quote),
        ("Figures", analysis.quantities, _fmt_quantity),
        ("Dates", analysis.timexes, lambda a, t: f"  {t.text} = {t.value} ({t.type})"),
    ):
        if items:
            lines.append("")
            lines.append(f"{title} ({len(items)})")
            lines.extend(fmt(analysis, x) for x in items)
    return "\n".join(lines)


def _name(analysis, eid) -> str:
    e = analysis.entity(eid)
    if e is None:
        return "?"
    return f"{e.name} ({e.country})" if e.country else e.name


def _fmt_event(a, v) -> str:
    when = v.time.value if v.time and v.time.value else "----"
    attr = f" · per {_name(a, v.attributed_to)}" if v.attributed_to else ""
    return f"  {when} · {_name(a, v.source)} → {_name(a, v.target)} · {v.code} {v.label} · {v.status}{attr}"


def _fmt_quote(a, q) -> str:
    who = _name(a, q.speaker) if q.speaker else (q.speaker_text or "?")
    text = q.text if len(q.text) < 140 else q.text[:137] + "…"
    return f"  {who} ({q.kind}, {q.cue}): “{text}”"


def _fmt_quantity(a, n) -> str:
    approx = "≈" if n.approximate else ""
    change = f" {n.change}" if n.change else ""
    period = f" · {n.period.value}" if n.period and n.period.value else ""
    return f"  {n.text}: {approx}{n.value:g} {n.unit}{change} · {n.measure or ''}{period}"


# ------------------------------------------------------------------------------------------ commands
def cmd_analyze(args) -> int:
    from .pipeline import analyze

    text = read_text_file(args.file)
    analysis = analyze(text, published=args.published, source=args.source, title=args.title, url=args.url)
    if args.format == "json":
        print(analysis.to_json())
    elif args.format == "cameo":
        from .cameo.export import to_tsv

        print(to_tsv(analysis))
    else:
        print(text_report(analysis))
    return 0


def evaluate_dir(gold_dir: Path, out: Path | None):
    """Analyse every NAME.txt with a NAME.gold.json beside it; returns (tallies, documents)."""
    import tempfile

    from .evaluate import score_folder
    from .pipeline import analyze

    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: not a directory")
    golds = sorted(gold_dir.glob("*.gold.json"))
    if not golds:
        raise InputError(f"{gold_dir}: no NAME.gold.json files")
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = out or Path(tmp)
        pred_dir.mkdir(parents=True, exist_ok=True)
        n = 0
        for gf in golds:
            name = gf.name[: -len(".gold.json")]
            try:
                gold = json.loads(gf.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InputError(f"{gf}: not a readable gold file ({exc.__class__.__name__})") from None
            txt = gf.with_name(gold.get("text_file") or name + ".txt")
            if not txt.exists():
                continue
            analysis = analyze(
                read_text_file(str(txt)),
                published=gold.get("published"),
                source=gold.get("source"),
                title=gold.get("title"),
            )
            (pred_dir / f"{name}.json").write_text(analysis.to_json(), encoding="utf-8")
            n += 1
        return score_folder(gold_dir, pred_dir), n


def cmd_evaluate(args) -> int:
    from .evaluate import as_dict, table

    total, n = evaluate_dir(Path(args.gold_dir), Path(args.out) if args.out else None)
    if args.json:
        print(json.dumps(dict(as_dict(total), documents=n), indent=1))
    else:
        print(table(total, n))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsgraph", description="Evidence-linked facts from international news.")
    p.add_argument("--version", action="version", version=f"newsgraph {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser(
        "analyze",
        help="analyse one article and print the result",
        description="Analyse one article. Example: newsgraph analyze article.txt --published 2024-10-10",
    )
    a.add_argument("file", help="a UTF-8 text file, or - for standard input")
    a.add_argument(
        "--published", help="publication date, YYYY-MM-DD (relative dates and roles are resolved against it)"
    )
    a.add_argument("--source", help="the publication's name")
    a.add_argument("--title", help="the article's title")
    a.add_argument("--url", help="the article's address")
    a.add_argument(
        "--format",
        choices=["json", "text", "cameo"],
        default="text",
        help="json: the newsgraph.analysis/1 contract; text: a readable report (default); cameo: one tab-separated "
        "GDELT-style row per event, planned events as CAMEO intents (03x/13x), negated and denied events left out",
    )
    a.set_defaults(func=cmd_analyze)

    e = sub.add_parser(
        "evaluate",
        help="score the analyses of a folder of gold-annotated articles",
        description="Analyse every NAME.txt that has a NAME.gold.json beside it and print the score "
        "table. Example: newsgraph evaluate ../shared/eval/dev --out preds/",
    )
    e.add_argument("gold_dir")
    e.add_argument("--out", help="write the predictions (NAME.json) to this folder")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.set_defaults(func=cmd_evaluate)

    from .cli_corpus import add_corpus_commands

    add_corpus_commands(sub)
    from .cli_web import add_web_commands

    add_web_commands(sub)
    return p


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except NewsgraphError as exc:
        print(f"newsgraph: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
