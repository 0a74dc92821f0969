"""The one place that lists the extraction rules, with what each requires and provides.

A rule may read the facts of the rules it *requires* (``env.given[name]``) and nothing else;
the registry checks once, when it is built, that every requirement is provided by a rule
listed before it, so no rule depends on another by accident of order.

>>> [r.name for r in RULES][:3]
['aliases', 'coreference', 'issued']
>>> RULES["indicators"].requires
('posts',)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from kg.errors import UsageError
from kg.extraction import rules
from kg.extraction.frames import Doc, Env
from kg.records import Fact, Measure

RuleFunc = Callable[[Doc, Env], Iterable["Fact | Measure"]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its name, the function, what it requires and what it provides."""

    name: str
    func: RuleFunc
    requires: tuple[str, ...] = ()
    provides: str = ""

    def __call__(self, doc: Doc, env: Env) -> Iterable[Fact | Measure]:
        return self.func(doc, env)


class Registry:
    """Rules in the order they run; the order is checked once, here."""

    def __init__(self, items: Iterable[Rule]) -> None:
        self._rules: tuple[Rule, ...] = tuple(items)
        provided: set[str] = set()
        names: set[str] = set()
        for r in self._rules:
            if r.name in names:
                raise ValueError(f"rule {r.name!r} is registered twice")
            names.add(r.name)
            missing = [x for x in r.requires if x not in provided]
            if missing:
                raise ValueError(f"rule {r.name!r} requires {', '.join(missing)}, which no earlier rule provides")
            provided.add(r.provides or r.name)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, name: str) -> Rule:
        for r in self._rules:
            if r.name == name:
                return r
        raise UsageError(f"unknown extraction rule {name!r}; known rules: {', '.join(r.name for r in self._rules)}")

    def run(self, doc: Doc, env: Env) -> dict[str, tuple[Fact | Measure, ...]]:
        """Run every rule on ``doc``; each sees only the facts of the rules it requires."""
        out: dict[str, tuple[Fact | Measure, ...]] = {}
        for r in self._rules:
            given = MappingProxyType({name: out[name] for name in r.requires})
            out[r.provides or r.name] = tuple(r(doc, Env(env.lexicon, env.words, given)))  # type: ignore[arg-type]
        return out


#: Every rule, in the order it runs.
RULES = Registry(
    [
        Rule("aliases", rules.aliases, provides="aliases"),
        Rule("coreference", rules.coreference, provides="coreference"),
        Rule("issued", rules.issued, provides="issued"),
        Rule("posts", rules.posts, provides="posts"),
        Rule("appointments", rules.appointments, provides="appointments"),
        Rule("teams", rules.teams, requires=("coreference",), provides="teams"),
        Rule("members", rules.members, provides="members"),
        Rule("nesting", rules.nesting, provides="nesting"),
        Rule("results", rules.results, requires=("coreference", "teams", "posts"), provides="results"),
        Rule("indicators", rules.indicators, requires=("posts",), provides="indicators"),
        Rule("events", rules.events, provides="events"),
    ]
)
