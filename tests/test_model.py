"""The newsgraph.analysis/1 contract: JSON out and back, offsets that slice to their text."""

import json

import pytest

from newsgraph import Analysis
from newsgraph.model import SCHEMA


def test_model_roundtrip_keeps_every_field(seed_analysis):
    text = seed_analysis.to_json()
    again = Analysis.from_json(text)
    assert again.to_dict() == seed_analysis.to_dict()


def test_model_contract_fields(seed_analysis):
    data = json.loads(seed_analysis.to_json())
    assert data["schema"] == SCHEMA
    assert set(data) >= {"document", "entities", "events", "quotes", "quantities", "timexes"}
    doc = data["document"]
    assert set(doc) >= {"id", "title", "source", "url", "published", "language", "text"}
    assert doc["id"].startswith("sha256:") and doc["published"] == "2024-10-10"
    for e in data["entities"]:
        assert set(e) >= {"id", "name", "type", "country", "actor_code", "role", "kb_id", "mentions"}


def test_model_offsets_slice_to_their_text(seed_analysis):
    text = seed_analysis.document.text
    for e in seed_analysis.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_model_rejects_other_schema():
    with pytest.raises(ValueError):
        Analysis.from_dict({"schema": "something/2", "document": {}})
