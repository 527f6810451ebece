"""`newsgraph evaluate`: agrees with ../shared/eval/score.py, and guards the accuracy already reached."""

import json
import subprocess
import sys

import pytest

from newsgraph.cli import evaluate_dir
from newsgraph.evaluate import PARTS, Scorer, as_dict

from .conftest import DEV, SHARED

SCORE_PY = SHARED / "eval" / "score.py"
# Floors a little below the figures measured when they were set (see the issue notes): a change
# that lowers accuracy past them fails the suite.
FLOORS = {"entities": 0.95, "events": 0.56, "quotes": 0.93, "quantities": 0.95, "timexes": 0.95}
ACCURACY_FLOORS = {("events", "status"): 0.85, ("quotes", "speaker"): 0.9, ("quantities", "change"): 0.9}


@pytest.fixture(scope="module")
def dev_run(tmp_path_factory, analyze):
    if not DEV.is_dir():
        pytest.skip("../shared/eval/dev is not present")
    out = tmp_path_factory.mktemp("dev-pred")
    total, n = evaluate_dir(DEV, out)
    return out, total, n


def test_evaluate_agrees_with_shared_scorer(dev_run):
    out, total, n = dev_run
    proc = subprocess.run(
        [sys.executable, str(SCORE_PY), str(DEV), str(out), "--json"], capture_output=True, text=True, check=True
    )
    theirs = json.loads(proc.stdout)
    ours = as_dict(total)
    assert theirs["documents"] == n
    for part in PARTS:
        for k in ("tp", "fp", "fn", "precision", "recall", "f1"):
            assert ours[part][k] == theirs[part][k], (part, k)
    assert ours["events"]["status_accuracy"] in (theirs["events"]["status_accuracy"], None)
    assert ours["quotes"]["speaker_accuracy"] in (theirs["quotes"]["speaker_accuracy"], None)
    assert ours["quantities"]["change_accuracy"] in (theirs["quantities"]["change_accuracy"], None)


def test_evaluate_floor_on_dev(dev_run):
    _, total, _ = dev_run
    for part, floor in FLOORS.items():
        assert total[part].prf()[2] >= floor, (part, total[part].prf())
    for (part, what), floor in ACCURACY_FLOORS.items():
        t = total[part]
        assert t.agree[what] / t.asked[what] >= floor, (part, what, t.agree[what], t.asked[what])


def test_evaluate_optional_items_neither_reward_nor_cost():
    gold = {"entities": [{"name": "Iran", "type": "GPE"}, {"name": "Tehran", "type": "GPE", "optional": True}]}
    pred = {
        "entities": [
            {"id": "e1", "name": "Iran", "type": "GPE", "mentions": []},
            {"id": "e2", "name": "Tehran", "type": "GPE", "mentions": []},
        ]
    }
    t = Scorer(gold, pred).entities()
    assert (t.tp, t.fp, t.fn) == (1, 0, 0)


def test_evaluate_unscored_types_do_not_count():
    gold = {"entities": [{"name": "Iran", "type": "GPE"}]}
    pred = {
        "entities": [
            {"id": "e1", "name": "Iranian", "type": "NORP", "mentions": []},
            {"id": "e2", "name": "Iran", "type": "GPE", "mentions": []},
            {"id": "e3", "name": "Lebanon", "type": "GPE", "mentions": []},
        ]
    }
    t = Scorer(gold, pred).entities()
    assert (t.tp, t.fp, t.fn) == (1, 1, 0)


def test_evaluate_events_match_through_country_and_code():
    gold = {"events": [{"source": "RUS", "code": "042", "target": "TKM", "status": "planned"}]}
    pred = {
        "entities": [
            {
                "id": "e1",
                "name": "Vladimir Putin",
                "type": "PERSON",
                "country": "RUS",
                "actor_code": "RUSGOV",
                "mentions": [],
            },
            {"id": "e2", "name": "Turkmenistan", "type": "GPE", "country": "TKM", "mentions": []},
        ],
        "events": [{"source": "e1", "target": "e2", "code": "043", "status": "occurred"}],
    }
    t = Scorer(gold, pred).events()
    assert (t.tp, t.fp, t.fn) == (1, 0, 0)
    assert t.agree["status"] == 0 and t.asked["status"] == 1
