"""Write the Cypher library's derived text back into its files: every include block from its fragment, and each
rule file's `:param` lines from graphdhr/rules/default.yaml.

    python scripts/cypher_sync.py           rewrite the files that differ, and name them
    python scripts/cypher_sync.py --check   change nothing; exit 1 naming the files that differ

Run it after editing a fragment in cypher/fragments/ or a default in default.yaml; the tests fail until you do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphdhr.queries import expected_file_texts  # noqa: E402
from graphdhr.rules import rule_query_params  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file differs")
    args = parser.parse_args(argv)
    folder = ROOT / "cypher"
    stale = []
    for path, expected in expected_file_texts(folder, rule_query_params()).items():
        if path.read_text(encoding="utf-8") != expected:
            stale.append(path)
            if not args.check:
                path.write_text(expected, encoding="utf-8")
    for path in stale:
        print(("differs: " if args.check else "rewrote: ") + str(path.relative_to(ROOT)))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
