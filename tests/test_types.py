"""The library is type-checked: mypy in strict mode (pyproject.toml [tool.mypy]) on graphdhr, loaders included.

loaders/ and cypher/ install as graphdhr.loaders and graphdhr.cypher (pyproject's package-dir), which mypy cannot
follow in the source tree; the test lays the package out as it installs, with links to the source files.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy_strict_is_clean(tmp_path):
    package = tmp_path / "graphdhr"
    package.mkdir()
    for entry in (ROOT / "graphdhr").iterdir():
        (package / entry.name).symlink_to(entry)
    (package / "loaders").symlink_to(ROOT / "loaders")
    (package / "cypher").symlink_to(ROOT / "cypher")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir",
         str(ROOT / ".mypy_cache"), "-p", "graphdhr"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout.replace(str(tmp_path) + "/", "") + result.stderr
