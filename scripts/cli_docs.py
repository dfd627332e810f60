"""Write docs/cli.md from the live `--help` of every graphdhr command, so the CLI reference never drifts.

    .venv/bin/python scripts/cli_docs.py          # rewrite docs/cli.md
    tests/test_docs.py                            # fails when docs/cli.md is stale
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "cli.md"


def render() -> str:
    # A fixed width and no colour, so the text is the same on every machine.
    os.environ["TERMINAL_WIDTH"] = "100"
    os.environ["NO_COLOR"] = "1"
    import typer.main
    import typer.rich_utils
    from typer.testing import CliRunner

    from graphdhr.cli import app

    # typer reads TERMINAL_WIDTH once, when first imported; set its width here too, whatever was imported before.
    typer.rich_utils.MAX_WIDTH = 100

    runner = CliRunner()
    group = typer.main.get_command(app)
    parts = ["# Command line reference", "",
             "Generated from each command's `--help` by `scripts/cli_docs.py`; a test fails when it is stale.", ""]
    for name in [None, *group.commands]:
        args = ([name] if name else []) + ["--help"]
        result = runner.invoke(app, args, prog_name="graphdhr", env={"TERMINAL_WIDTH": "100", "NO_COLOR": "1"})
        title = f"graphdhr {name}" if name else "graphdhr"
        text = "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())
        parts += [f"## {title}", "", "```", text, "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
