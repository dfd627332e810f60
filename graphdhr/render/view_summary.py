"""The summary at the top of the chair's view, as the page draws it: the briefing (graphdhr.briefing) reshaped for
the template, with nothing decided here. The themes, their order, the sentences, the collapsed tables and the
evidence text are the briefing's, so the view says what the text, Markdown, JSON and Word outputs say, in the same
order; this module only adds what a page needs to light a line up in the network (agency and person ids) and an
id per line.
"""

from __future__ import annotations

from typing import TypedDict

from graphdhr.briefing import Briefing


class SummaryTable(TypedDict):
    head: list[str]
    rows: list[list[str]]


class SummaryLine(TypedDict):
    id: str
    number: int  # the item's number in the briefing's theme order, as the Word briefing numbers it
    text: str
    agencies: list[str]
    people: list[str]
    evidence: list[str]
    caveats: list[str]
    table: SummaryTable | None
    rules: list[str]  # shown only in a tooltip, for whoever wants to look a finding up in docs/rules.md


class SummaryTheme(TypedDict):
    title: str
    lines: list[SummaryLine]


class Summary(TypedDict):
    case: list[str]
    who_knew: list[str]  # the briefing's: how many of the agencies in contact knew
    themes: list[SummaryTheme]
    no_findings: str | None


def view_summary(briefing: Briefing) -> Summary:
    """The briefing's two sentences, how many agencies knew, and its themes, each item a line with its table and its evidence as text."""
    number = {item.key: n for n, item in enumerate(briefing.in_theme_order, start=1)}
    themes = [SummaryTheme(title=theme.title, lines=[SummaryLine(
        id=f"item-{number[item.key]}",
        number=number[item.key],
        text=item.sentence,
        agencies=list(item.agencies),
        people=list(item.people),
        evidence=[e.text for e in item.evidence],
        caveats=list(item.caveats),
        table=SummaryTable(head=list(item.table.columns), rows=[list(r) for r in item.table.rows]) if item.table else None,
        rules=list(item.rule_ids),
    ) for item in theme.items]) for theme in briefing.themes]
    return Summary(case=list(briefing.summary), who_knew=list(briefing.who_knew), themes=themes,
                   no_findings=briefing.no_findings)
