"""The import benchmark still runs against the importer it measures (it wraps two of its steps)."""

from __future__ import annotations

from bench import bench_import


def test_the_import_benchmark_imports_and_reports_its_phases_and_peaks(tmp_path):
    extract = tmp_path / "extract.csv"
    bench_import.write_csv(extract, 3_000)
    result = bench_import._child("import", str(tmp_path / "db.sqlite"), str(extract), "0")
    assert result["rows"] == 3_000 and result["inserted"] + result["rejected"] == 3_000 and result["inserted"] > 2_500
    assert {"read_convert_write", "score_and_load", "indexes", "commit"} <= set(result["phases"])
    assert 0 < result["import_maxrss_mb"] <= result["maxrss_mb"]
