"""Embedded engine on a corpus: validate, build and run every analysis and rule, at 10k, 100k and 1M rows.

Target (docs/performance.md): 1,000,000 rows (about 1,000 cases) in at most 60 s with peak memory at most 2 GB,
with cost growing in proportion to rows. Baseline, in the same run: the "obvious" graph, a plain networkx
MultiDiGraph holding one node per chronology row with its properties and three edges each, built in a fresh
process of the same Python.

    .venv/bin/python bench/embedded_corpus.py            # 10k, 100k and 1M rows
    .venv/bin/python bench/embedded_corpus.py 10000      # one size
"""

from __future__ import annotations

import sys

from _common import GRAPHDHR, PYTHON, corpus, machine, run_measured

OBVIOUS = """
import sys, networkx as nx
n = int(sys.argv[1])
g = nx.MultiDiGraph()
for i in range(n):
    g.add_node(("Event", i), case_id="c", event_id=f"e{i}", agency_id="a", date_start="2014-01-01",
               date_end="2014-01-01", date_precision="day", event_type="contact", details="Routine contact",
               action="", comment="", learned=[], risk_tool=None, risk_level=None, source_ref=f"ref {i}")
    g.add_edge(("Agency", i % 20), ("Event", i), key="RECORDED", case_id="c", source_ref=f"ref {i}")
    g.add_edge(("Event", i), ("Person", i % 2), key="CONCERNS", case_id="c", source_ref=f"ref {i}")
    g.add_edge(("Event", i), ("Agency", (i + 1) % 20), key="SHARED_WITH", case_id="c", source_ref=f"ref {i}")
print(g.number_of_nodes(), g.number_of_edges())
"""


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    print(f"machine: {machine()}")
    print(f"{'rows':>9}  {'cases':>5}  {'graphdhr s':>10}  {'peak MB':>8}  {'obvious graph s':>15}  {'its MB':>7}  "
          f"{'ratio (time)':>12}  {'rows/s':>9}")
    first = None
    for rows in sizes:
        folder, cases = corpus(rows)
        seconds, peak, result = run_measured([GRAPHDHR, "corpus", *map(str, cases), "--format", "json"])
        assert '"rule_counts"' in result.stdout
        base_s, base_mb, _ = run_measured([PYTHON, "-c", OBVIOUS, str(rows)])
        per_row = seconds / rows
        first = first or per_row
        print(f"{rows:>9}  {len(cases):>5}  {seconds:>10.1f}  {peak:>8.0f}  {base_s:>15.1f}  {base_mb:>7.0f}  "
              f"{seconds / base_s:>12.2f}  {rows / seconds:>9.0f}")
    if len(sizes) > 1:
        print(f"cost per row at the largest size is {per_row / first:.2f} times that at the smallest "
              f"(1.00 = grows in proportion to rows)")


if __name__ == "__main__":
    main()
