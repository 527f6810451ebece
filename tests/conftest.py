"""Shared fixtures: the real model, loaded once per test session, and the shared eval folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "eval" / "seed"
DEV = SHARED / "eval" / "dev"
SEED_TEXT = SEED / "moscow-post-putin-ashgabat.txt"


@pytest.fixture(scope="session")
def analyze():
    from newsgraph import analyze as run

    run("Warm-up.")  # loads the model and the knowledge base once
    return run


@pytest.fixture(scope="session")
def seed_analysis(analyze):
    if not SEED_TEXT.exists():
        pytest.skip("../shared/eval/seed is not present")
    return analyze(SEED_TEXT.read_text(encoding="utf-8"), published="2024-10-10", source="The Moscow Post")


def entity_named(analysis, name):
    """The one entity whose canonical name is `name` (fails if absent or split)."""
    found = [e for e in analysis.entities if e.name == name]
    assert len(found) == 1, f"{name}: {len(found)} entities ({[(e.name, e.type) for e in analysis.entities]})"
    return found[0]


def entity_with_mention(analysis, text):
    found = [e for e in analysis.entities if any(m.text == text for m in e.mentions)]
    assert found, f"no entity has the mention {text!r}"
    return found
