"""SHACL validation of a newskg graph against ``ontology/shapes.ttl`` (pySHACL).

The ontology is passed as the ontology graph so that subclasses count (a GovernmentAgency
is an Organization); inference is off: RDFS inference would type nodes from the
properties' domains and ranges and so hide exactly the mistakes the shapes look for.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from kg.resources import ontology_file


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self, limit: int = 50) -> str:
        if self.conforms:
            return "conforms: the graph satisfies every shape in shapes.ttl"
        lines = [f"does not conform: {len(self.violations)} violation(s)"]
        for v in self.violations[:limit]:
            where = f" {v.path}" if v.path else ""
            lines.append(f"  {v.severity}: {v.focus}{where}: {v.message}")
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def _load(name: str) -> Graph:
    return Graph().parse(data=ontology_file(name).read_text(encoding="utf-8"), format="turtle")


def validate(graph: Graph) -> ValidationReport:
    """Validate ``graph`` against the packaged shapes; never raises on a non-conforming graph."""
    from pyshacl import validate as shacl_validate

    conforms, report, _ = shacl_validate(
        graph,
        shacl_graph=_load("shapes.ttl"),
        ont_graph=_load("newskg.ttl"),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                str(focus),
                graph.namespace_manager.normalizeUri(path) if path is not None else None,
                str(message or "constraint violated"),
                str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    violations.sort(key=lambda v: (v.severity, v.focus, v.path or "", v.message))
    return ValidationReport(bool(conforms), tuple(violations))
