"""The validation report: every problem in the inputs, as an HTML page."""

from __future__ import annotations

from budgetmaal.publishing.render import template_environment
from budgetmaal.shared.problems import Problem


def render_validation_html(
    problems: list[Problem], readings: dict[str, dict] | None = None
) -> str:
    """HTML listing errors first, then warnings, each with file, line, column and
    fix; then how each file was read and which rows were left out."""
    ordered = sorted(
        problems, key=lambda p: (p.severity != "error", p.file, p.line or 0)
    )
    template = template_environment().get_template("validation.html.j2")
    return template.render(
        problems=ordered,
        errors=sum(p.severity == "error" for p in problems),
        warnings=sum(p.severity == "warning" for p in problems),
        readings=readings or {},
    )
