"""Scale-out runners give the same store as a single-process run: a local process pool (--workers 2) and
a Dask cluster (--scheduler), whose workers write Parquet shards that the client loads."""

from __future__ import annotations

import pytest

from newsgraph.cli import main
from newsgraph.ingest import ingest

from .test_ingest import _corpus_file
from .test_store import snapshot


@pytest.fixture(scope="module")
def local_run(tmp_path_factory, analyze):
    d = tmp_path_factory.mktemp("scale")
    src = _corpus_file(d / "corpus.jsonl", 24)
    db = d / "local.duckdb"
    summary = ingest([str(src)], db=db, batch_size=5, progress=False)
    assert summary.new == 24
    return src, snapshot(db)


def test_scale_dask_scheduler_gives_the_same_store(local_run, tmp_path, capsys):
    distributed = pytest.importorskip("dask.distributed")
    src, expected = local_run
    db = tmp_path / "dask.duckdb"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None, silence_logs=40
    ) as cluster:
        code = main(["ingest", str(src), "--db", str(db), "--scheduler", cluster.scheduler_address, "--batch", "4"])
    assert code == 0
    assert capsys.readouterr().out.startswith("read 24 · new 24 · unchanged 0 · failed 0")
    got = snapshot(db)
    assert {t: len(r) for t, r in got.items()} == {t: len(r) for t, r in expected.items()}
    assert got == expected
    shards = db.with_name(db.name + ".shards")
    assert not shards.exists() or not any(shards.iterdir())  # loaded, then removed


def test_scale_unreachable_scheduler_is_one_line_error(tmp_path, capsys):
    code = main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach the Dask scheduler" in err[0]


def test_scale_process_pool_gives_the_same_store(local_run, tmp_path):
    src, expected = local_run
    db = tmp_path / "pool.duckdb"
    summary = ingest([str(src)], db=db, workers=2, batch_size=3, progress=False)
    assert (summary.new, summary.failed) == (24, 0)
    assert snapshot(db) == expected
