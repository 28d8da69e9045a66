"""ElectionSession: the open election file and the one object pages talk to (the core does the work)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.i18n import N_, _

if TYPE_CHECKING:
    from typing import Any, Callable

    from app.core.workflow import Election

# This module is on the path to the first paint: it avoids dataclasses, typing and the workflow.
# Keyed by the core's State values ("done", …): the window is painted before the workflow is imported.
STATE_TEXTS = {"done": N_("Done"), "open": N_("Open: this is where the election stands"),
               "locked": N_("Done and locked"), "blocked": N_("Waiting for an earlier step")}
BANNER_STATES = {"done": "ok", "open": "blocked", "locked": "locked", "blocked": "blocked"}


def step_title(step: str) -> str:
    """The translated name of a step."""
    from app.core.workflow.labels import step_label  # after the first paint (this module is before it)

    return _(step_label(step))


class StepInfo:
    """A step as the side panel and the page banner show it."""

    __slots__ = ("id", "title", "state", "reasons", "rules")

    def __init__(self, id: str, title: str, state: str, reasons: list[str] | None = None,  # noqa: A002
                 rules: list[str] | None = None) -> None:
        self.id, self.title, self.state, self.reasons = id, title, state, reasons or []
        self.rules = rules or []  # the reasons' rule ids (R3.1 …), for tooltips

    @property
    def state_text(self) -> str:
        return _(STATE_TEXTS[self.state])

    @property
    def state_banner(self) -> str:
        return BANNER_STATES[self.state]


def _election_class() -> type[Election]:
    from app.core import workflow  # imported on first use: the window paints before the core is loaded

    return workflow.Election


class ElectionSession(QObject):
    """Wraps the core's Election service; ``changed`` fires after every successful action."""

    changed = Signal()

    def __init__(self, election: Election, path: str | None) -> None:
        super().__init__()
        self.election = election
        self.path = path
        self._steps: list[StepInfo] | None = None  # the core's step states, until the next action

    @classmethod
    def create(cls, path: str) -> "ElectionSession":
        return cls(_election_class().create(path), path)

    @classmethod
    def open(cls, path: str) -> "ElectionSession":
        return cls(_election_class().open(path), path)

    @classmethod
    def open_demo(cls) -> "ElectionSession":
        """A fresh copy of the demo election, stopped at the counting step.

        The demo is built once per version and schema into the user data folder and copied for each
        start (a template of an older schema would be migrated at every start).
        """
        from app import __version__
        import tempfile

        from app.core.paths import user_data_dir

        template = user_data_dir() / f"demo-{__version__}-s{_election_class().SCHEMA}.votedesk"
        if not template.exists():
            from app.core import demo  # only to build the template: it pulls in the whole demo script

            building = template.with_suffix(f".{os.getpid()}.tmp")
            demo.create_demo(building, stop_at="counting")
            os.replace(building, template)
        path = Path(tempfile.mkdtemp(prefix="votedesk-demo-")) / "demo.votedesk"
        _election_class().copy_file(template, path)
        return cls.open(str(path))

    def close(self) -> None:
        self.election.close()

    def title(self) -> str:
        """The window title: the organization's name, else the file name; says so when the file opened read-only."""
        org = self.election.organization()
        name = str(org["name"]) if org and org.get("name") else Path(self.path).name if self.path else _("Demo election")
        if (holder := self.election.writer()) is not None:  # another window or computer writes it (issue 12)
            return _("{name} (read only: open for writing by {user} on {machine} since {since})").format(
                name=name, user=holder.user, machine=holder.machine, since=holder.since)
        return name

    def steps(self) -> list[StepInfo]:
        """Every step's state from the core (read once per action)."""
        if self._steps is None:
            self._steps = [StepInfo(s.id.value, step_title(s.id), s.state.value, [r.message() for r in s.reasons],
                                    [r.rule for r in s.reasons]) for s in self.election.steps()]
        return self._steps

    def step(self, step: str) -> StepInfo:
        return next(s for s in self.steps() if s.id == step)

    def current_step(self) -> str:
        """The step the file has reached: the first open one, else the last."""
        states = self.steps()
        return next((s.id for s in states if s.state == "open"), states[-1].id)

    def act(self, fn: Callable[..., Any], *args: Any, quiet: bool = False, **kwargs: Any) -> Any:
        """Call one core action; announce the change (unless ``quiet``) when it did not raise."""
        self._steps = None
        try:
            result = fn(*args, **kwargs)
        finally:
            self._steps = None
        if not quiet:
            self.changed.emit()
        return result


def __getattr__(name: str) -> Any:
    """The core's label tables, re-exported on first use (ROUND_KINDS, POST_TITLES, STEP_TITLES)."""
    if name in ("ROUND_KINDS", "POST_TITLES", "STEP_TITLES"):
        from app.core.workflow import labels

        return getattr(labels, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def post_title(committee: str, office: str) -> str:
    """The translated name of a post, e.g. "Committee members"."""
    from app.core.workflow.labels import post_label

    return _(post_label(committee, office))
