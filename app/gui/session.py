"""ElectionSession: the open election file and the one object pages talk to (the core does the work)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from app.core.i18n import N_, _
from app.core.workflow.types import State, Step

STEP_TITLES = {
    Step.SETUP: N_("Preparation"), Step.ROLL: N_("Member roll"), Step.NOMINATION: N_("Nomination and vetting"),
    Step.CANDIDATES: N_("Candidate list"), Step.SIGN_IN: N_("Sign-in and quorum"),
    Step.METHOD: N_("Election method and scrutineers"), Step.BALLOTS: N_("Ballots"), Step.COUNTING: N_("Counting"),
    Step.RESULTS: N_("Results and further rounds"), Step.PLENARY: N_("First plenary"),
    Step.REPORT: N_("Report and export"),
}
STATE_TEXTS = {State.DONE: N_("Done"), State.OPEN: N_("Open: this is where the election stands"),
               State.LOCKED: N_("Done and locked"), State.BLOCKED: N_("Waiting for an earlier step")}
BANNER_STATES = {State.DONE: "ok", State.OPEN: "blocked", State.LOCKED: "locked", State.BLOCKED: "blocked"}


def step_title(step: str) -> str:
    """The translated name of a step."""
    return _(STEP_TITLES[Step(step)]) if step in set(Step) else step


@dataclass(frozen=True)
class StepInfo:
    """A step as the side panel and the page banner show it."""

    id: str
    title: str
    state: str
    reasons: list[str] = field(default_factory=list)

    @property
    def state_text(self) -> str:
        return _(STATE_TEXTS[State(self.state)])

    @property
    def state_banner(self) -> str:
        return BANNER_STATES[State(self.state)]


def _election_class() -> Any:
    from app.core import workflow

    return getattr(workflow, "Election")


class ElectionSession(QObject):
    """Wraps the core's Election service; ``changed`` fires after every successful action."""

    changed = Signal()

    def __init__(self, election: Any, path: str | None) -> None:
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

        The demo is built once per version into the user data folder and copied for each start.
        """
        from app import __version__
        from app.core import demo
        from app.core.paths import user_data_dir
        from app.core.storage.database import copy_file

        template = user_data_dir() / f"demo-{__version__}.votedesk"
        if not template.exists():
            building = template.with_suffix(f".{os.getpid()}.tmp")
            demo.create_demo(building, stop_at="counting")
            os.replace(building, template)
        path = Path(tempfile.mkdtemp(prefix="votedesk-demo-")) / "demo.votedesk"
        copy_file(template, path)
        return cls.open(str(path))

    def close(self) -> None:
        self.election.close()

    def title(self) -> str:
        """The window title: the organization's name, else the file name."""
        org = self.election.organization() if hasattr(self.election, "organization") else None
        if org and org.get("name"):
            return str(org["name"])
        return Path(self.path).name if self.path else _("Demo election")

    def steps(self) -> list[StepInfo]:
        """Every step's state from the core (read once per action)."""
        if self._steps is None:
            self._steps = [StepInfo(s.id.value, step_title(s.id), s.state.value, [r.message() for r in s.reasons])
                           for s in self.election.steps()]
        return self._steps

    def step(self, step: str) -> StepInfo:
        return next(s for s in self.steps() if s.id == step)

    def current_step(self) -> str:
        """The step the file has reached: the first open one, else the last."""
        states = self.steps()
        return next((s.id for s in states if s.state == State.OPEN), states[-1].id)

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


POST_TITLES = {
    ("party", "committee_member"): N_("Committee members"), ("party", "secretary"): N_("Secretary"),
    ("party", "deputy_secretary"): N_("Deputy secretary"), ("party", "standing_committee"): N_("Standing committee"),
    ("party", "delegate"): N_("Delegates"),
    ("discipline", "discipline_committee_member"): N_("Discipline committee members"),
    ("discipline", "secretary"): N_("Discipline committee secretary"),
    ("discipline", "deputy_secretary"): N_("Discipline committee deputy secretary"),
}
ROUND_KINDS = {"formal": N_("formal election"), "preliminary": N_("preliminary election"),
               "tie_revote": N_("re-vote among the tied"), "additional": N_("additional round")}


def post_title(committee: str, office: str) -> str:
    """The translated name of a post, e.g. "Committee members"."""
    return _(POST_TITLES.get((committee, office), office))


@dataclass(frozen=True)
class RoundView:
    """What the counting page shows of one round (read from the core)."""

    id: int
    post_id: int
    title: str
    kind: str
    seats: int
    candidates: tuple[str, ...]
    expected: int | None
    present: int | None
    issued: int | None
    returned: int | None
    keyed: int
    closed: bool
    mode: str
    settings: Any
    plenary: bool
