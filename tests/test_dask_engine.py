"""kg build --engine dask: the same store as a local build, on a real Dask cluster."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

pytest.importorskip("distributed")

from kg.cli import main  # noqa: E402
from kg.pipeline import build_files  # noqa: E402
from tests.test_partition import corpus, store_quads  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster for the module: one worker process, on loopback."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as c:
        yield c


def test_dask_engine_build_equals_local_build(tmp_path, cluster):
    src = corpus(tmp_path / "c.jsonl")
    local = build_files(src, tmp_path / "local-out", store=tmp_path / "local", html=False, jobs=1)
    dask = build_files(src, tmp_path / "dask-out", store=tmp_path / "dask", html=False, engine="dask", scheduler=cluster.scheduler_address)
    assert store_quads(tmp_path / "dask") == store_quads(tmp_path / "local")
    assert (tmp_path / "dask-out" / "graph.ttl").read_bytes() == (tmp_path / "local-out" / "graph.ttl").read_bytes()
    assert (dask.articles, dask.added, dask.duplicates, dask.skipped) == (local.articles, local.added, local.duplicates, local.skipped) == (4, 3, 1, 1)
    assert dask.problems == local.problems


def test_dask_engine_worker_plugin_loads_the_extractor_in_each_worker(cluster):
    from distributed import Client

    with Client(cluster) as client:
        def loaded() -> bool:
            import kg.partition

            return kg.partition._state is not None

        # The plugin was registered by the build above (or is now): the worker holds the extractor.
        from kg.dask_engine import ExtractorPlugin
        from kg.reader import ReadOptions

        client.register_plugin(ExtractorPlugin(ReadOptions()))
        assert all(client.run(loaded).values())


def test_dask_engine_cli_local_cluster_equals_kg_build(tmp_path, seed_build, capsys):
    store, _ = seed_build
    from tests.helpers import SEED

    assert main(["build", str(SEED), "--date", "2025-01-22", "--store", str(tmp_path / "s"), "--engine", "dask", "-j", "1"]) == 0
    assert "on Dask (a LocalCluster of 1 workers)" in capsys.readouterr().out
    assert store_quads(tmp_path / "s") == store_quads(store)


def test_dask_engine_usage_errors(tmp_path, capsys, monkeypatch):
    import kg.dask_engine

    monkeypatch.setattr(kg.dask_engine, "CONNECT_TIMEOUT", "1s")
    src = corpus(tmp_path / "c.jsonl")
    assert main(["build", str(src), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "only applies to --engine dask" in capsys.readouterr().err
    assert main(["build", str(src), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "cannot reach a Dask scheduler" in err and "Traceback" not in err
