"""Referral and risk rules as data: national defaults in `default.yaml`, which an area overrides in a file of its own.

A rule has an id, a plain-English statement (the finding's text, with {placeholders}), its source, and its
parameters. The shared `settings` (sector lists, the event types that count as an incident) reach every rule as
parameters too. Each rule's implementations and wording are registered once in `graphdhr.rules.registry`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from graphdhr.errors import CaseInputError
from graphdhr.findings import RuleWording
from graphdhr.rules.registry import ENTRIES, RuleEntry


@dataclass(frozen=True)
class Rule:
    """A registered rule with its data as the defaults and an area's override file give them."""

    entry: RuleEntry
    title: str
    statement: str
    source: str
    params: dict[str, Any]
    enabled: bool = True

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def cypher(self) -> str:
        """The query file in cypher/ (without .cypher) that implements the rule on Neo4j."""
        return self.entry.cypher

    @property
    def embedded(self) -> Callable[..., list[dict[str, Any]]]:
        return self.entry.embedded

    @property
    def wording(self) -> Callable[[RuleWording], dict[str, str]]:
        return self.entry.wording

    @property
    def brief(self) -> str:
        """The template of the finding's one plain sentence for the briefing (graphdhr.rules.wording.BRIEFS)."""
        return self.entry.brief


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    settings: dict[str, Any]
    sources: tuple[str, ...]  # the files it was read from, defaults first

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def params_for(self, rule: Rule) -> dict[str, Any]:
        """What a rule's query receives: the shared settings, then the rule's own parameters."""
        return {**copy.deepcopy(self.settings), **copy.deepcopy(rule.params)}


def _read_yaml(text: str, file: str, *, shipped: bool = False) -> dict[str, Any]:
    # An area's rules file is read as plain data with the limits case.yaml has (no tags, bounded aliases and
    # nesting): it is passed around between areas like a case file. The defaults shipped in the package are
    # graphdhr's own text, so libyaml's safe loader reads them whole, about ten times faster (every report reads
    # them; docs/performance.md, "Start-up").
    if shipped:
        import yaml

        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    else:
        from graphdhr.loaders.manifest_yaml import read_yaml_data

        data = read_yaml_data(file, text)
    if not isinstance(data, dict):
        raise CaseInputError(file, None, None, "a rules file is a mapping with 'rules' and/or 'settings'")
    unknown = set(data) - {"rules", "settings"}
    if unknown:
        raise CaseInputError(file, None, sorted(unknown)[0], "unknown key; a rules file has 'rules' and 'settings'")
    for key in ("rules", "settings"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise CaseInputError(file, None, key, "expected a mapping")
    return data


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def load_rules(override: str | Path | None = None) -> RuleSet:
    """The national defaults, with an area's override file applied when given.

    The override may change parameters and settings (each keeping its type), switch a rule off with
    `enabled: false`, or reword a statement; it may not invent rules or parameters, since a typo there would
    otherwise silently leave the default in force.
    """
    default_text = resources.files("graphdhr.rules").joinpath("default.yaml").read_text(encoding="utf-8")
    base = _read_yaml(default_text, "graphdhr/rules/default.yaml", shipped=True)
    if set(base.get("rules") or {}) != set(ENTRIES):
        # A rule with data and no implementation, or the reverse, is a fault of graphdhr itself, not of the user.
        raise AssertionError(f"default.yaml and the rule registry differ: {set(base.get('rules') or {}) ^ set(ENTRIES)}")
    settings: dict[str, Any] = dict(base.get("settings") or {})
    rules: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (base.get("rules") or {}).items()}
    sources = ["graphdhr/rules/default.yaml"]

    if override is not None:
        file = str(override)
        path = Path(override)
        from graphdhr.loaders._files import MANIFEST_LIMIT, read_bounded

        try:  # a regular file of bounded size only: a pipe or device named by --rules is an error, never a hang
            text = read_bounded(path, file, MANIFEST_LIMIT).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CaseInputError(file, None, None, f"cannot read the rules file: {exc}") from None
        data = _read_yaml(text, file)
        for key, value in (data.get("settings") or {}).items():
            if key not in settings:
                raise CaseInputError(file, None, f"settings.{key}", f"unknown setting; known: {', '.join(settings)}")
            if not _same_kind(settings[key], value):
                raise CaseInputError(file, None, f"settings.{key}", f"expected {type(settings[key]).__name__}")
            settings[key] = value
        for rule_id, change in (data.get("rules") or {}).items():
            if rule_id not in rules:
                raise CaseInputError(file, None, f"rules.{rule_id}", f"unknown rule; known: {', '.join(rules)}")
            if not isinstance(change, dict):
                raise CaseInputError(file, None, f"rules.{rule_id}", "expected a mapping")
            for key, value in change.items():
                if key == "params":
                    if value is not None and not isinstance(value, dict):
                        raise CaseInputError(file, None, f"rules.{rule_id}.params", "expected a mapping")
                    merged = dict(rules[rule_id].get("params") or {})
                    for name, v in (value or {}).items():
                        if name not in merged:
                            raise CaseInputError(
                                file, None, f"rules.{rule_id}.params.{name}",
                                f"unknown parameter; known: {', '.join(merged) or 'none'}",
                            )
                        if not _same_kind(merged[name], v):
                            raise CaseInputError(
                                file, None, f"rules.{rule_id}.params.{name}", f"expected {type(merged[name]).__name__}"
                            )
                        merged[name] = v
                    rules[rule_id]["params"] = merged
                elif key in ("enabled", "statement", "title"):
                    rules[rule_id][key] = value
                else:
                    raise CaseInputError(file, None, f"rules.{rule_id}.{key}", "only params, enabled, title and statement change")
        sources.append(file)

    return RuleSet(
        rules=tuple(
            Rule(
                entry=ENTRIES[rule_id],
                title=str(spec.get("title", rule_id)),
                statement=" ".join(str(spec.get("statement", "")).split()),
                source=str(spec.get("source", "")),
                params=dict(spec.get("params") or {}),
                enabled=bool(spec.get("enabled", True)),
            )
            for rule_id, spec in rules.items()
        ),
        settings=settings,
        sources=tuple(sources),
    )


def rule_query_params(rules: RuleSet | None = None) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Per rule query file: every parameter the rule's query receives (settings and its own), and its own; what
    the `:param` lines of cypher/rule_*.cypher are written from (scripts/cypher_sync.py)."""
    rules = rules if rules is not None else load_rules()
    return {rule.cypher: (rules.params_for(rule), dict(rule.params)) for rule in rules.rules}
