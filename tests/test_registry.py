"""The rule registry: one place, order checked once, unknown names listed."""

from __future__ import annotations

import pytest

from kg.errors import UsageError
from kg.extraction.registry import RULES, Registry, Rule


def _noop(doc, env):  # noqa: ANN001, ANN202
    return ()


def test_registry_every_requirement_is_provided_earlier():
    provided: set[str] = set()
    for rule in RULES:
        assert set(rule.requires) <= provided, rule.name
        provided.add(rule.provides or rule.name)


def test_registry_refuses_a_rule_before_what_it_requires():
    with pytest.raises(ValueError, match="requires posts"):
        Registry([Rule("indicators", _noop, requires=("posts",)), Rule("posts", _noop)])


def test_registry_refuses_a_name_twice():
    with pytest.raises(ValueError, match="twice"):
        Registry([Rule("a", _noop), Rule("a", _noop)])


def test_registry_unknown_rule_lists_the_known_ones():
    with pytest.raises(UsageError) as exc:
        RULES["isued"]
    assert "issued" in str(exc.value) and "posts" in str(exc.value)
