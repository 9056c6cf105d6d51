"""The benchmark scripts still run (one repeat each); their timings are read by people, not asserted."""

import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("script", sorted(p.stem for p in BENCHMARKS.glob("bench_*.py")))
def test_benchmark_runs_and_prints_ratios(script, monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location(script, BENCHMARKS / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "REPEATS", 1)
    module.main()
    assert "ratio" in capsys.readouterr().out
