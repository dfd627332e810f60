"""A wheel built from the repository carries the loaders, the query files, the rules and the schemas, and runs
`graphdhr` away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    [built] = out.glob("graphdhr-*.whl")
    return built


def test_wheel_holds_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "graphdhr/cli.py",
        "graphdhr/loaders/__init__.py",
        "graphdhr/loaders/chronology_csv.py",
        "graphdhr/cypher/schema.cypher",
        "graphdhr/cypher/silos.cypher",
        "graphdhr/cypher/fragments/pairs.cypher",
        "graphdhr/rules/default.yaml",
        "graphdhr/schemas/case.schema.json",
        "graphdhr/render/templates/case.html.j2",
    ):
        assert required in names, required
    # Nothing but graphdhr lands in site-packages: no top-level `loaders` or `cypher` package.
    assert not any(n.startswith(("loaders/", "cypher/")) for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "graphdhr = graphdhr.cli:app" in zipfile.ZipFile(wheel).read(entry).decode()


def test_wheel_runs_away_from_the_source_tree(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYTHONSAFEPATH", None)
    code = (
        "import sys, graphdhr; assert graphdhr.__file__.startswith(sys.argv[1]), graphdhr.__file__;"
        "from graphdhr.cli import app; app(args=sys.argv[2:], prog_name='graphdhr')"
    )
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code, str(site), *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    validated = run("validate", str(EXAMPLE))
    assert validated.returncode == 0, validated.stderr
    assert "is valid" in validated.stdout
    listed = run("queries")
    assert listed.returncode == 0 and "silos" in listed.stdout, listed.stderr
    printed = run("queries", "silos", "--print")  # include blocks re-expanded from the wheel's fragments
    assert printed.returncode == 0 and "// end include: pairs" in printed.stdout, printed.stderr
    report = run("report", str(EXAMPLE), "--format", "json")
    assert report.returncode == 0, report.stderr
    assert '"rule_id": "perpetrator.release_without_notice"' in report.stdout
