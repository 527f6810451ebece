"""Corpus commands (ingest, queries, export): registered on the main parser. (Being written: issue 5.)"""
from __future__ import annotations


def add_corpus_commands(sub) -> None:
    """Add the corpus subcommands to the `newsgraph` parser's subparsers."""
