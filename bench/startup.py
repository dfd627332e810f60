"""Start-up cost of the CLI, each against a baseline in the same run (median of repeated fresh processes):

- `graphdhr report examples/lottie` against `python -c "import typer, networkx"`  (target: at most 1.5 times)
- `graphdhr --help` against a bare typer hello-world app                            (target: at most 1.3 times)

    .venv/bin/python bench/startup.py
"""

from __future__ import annotations

from _common import GRAPHDHR, PYTHON, ROOT, machine, median_time

HELLO = "import typer\napp = typer.Typer()\n@app.command()\ndef hello(name: str = 'x'):\n    print(name)\napp()\n"


def main() -> None:
    print(f"machine: {machine()}")
    base_import = median_time([PYTHON, "-c", "import typer, networkx"])
    report = median_time([GRAPHDHR, "report", str(ROOT / "examples" / "lottie")])
    print(f"python -c 'import typer, networkx': {base_import * 1000:.0f} ms")
    print(f"graphdhr report examples/lottie:    {report * 1000:.0f} ms  ratio {report / base_import:.2f} (target 1.5)")
    base_help = median_time([PYTHON, "-c", HELLO, "--help"])
    helped = median_time([GRAPHDHR, "--help"])
    print(f"typer hello-world --help:           {base_help * 1000:.0f} ms")
    print(f"graphdhr --help:                    {helped * 1000:.0f} ms  ratio {helped / base_help:.2f} (target 1.3)")


if __name__ == "__main__":
    main()
