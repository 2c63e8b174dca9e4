"""One exception hierarchy for chiptalent.

Every error a user can cause is an `InputError`: it names the file, line and field and
says what is allowed, so the command line can print it (exit 2) and the web app can
answer 400 with it, never a traceback.
"""

from __future__ import annotations


class ChiptalentError(Exception):
    """Base of every error chiptalent raises on purpose."""


class InputError(ChiptalentError):
    """Input that cannot be read: a profile, plan, rule or knowledge-base file."""

    def __init__(self, message: str, *, field: str | None = None,
                 file: str | None = None, line: int | None = None):
        self.message = message
        self.field = field
        self.file = file
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        """The message with its place: `file:line: field: message`."""
        place = []
        if self.file:
            place.append(f"{self.file}:{self.line}" if self.line else self.file)
        elif self.line:
            place.append(f"line {self.line}")
        if self.field:
            place.append(self.field)
        return ": ".join(place + [self.message])

    def as_json(self) -> dict:
        """The JSON error of the web API: `{"error": ..., "field": ...}`."""
        doc = {"error": self.message, "field": self.field}
        if self.line:
            doc["line"] = self.line
        return doc


class KnowledgeBaseError(ChiptalentError):
    """The knowledge base cannot be loaded (run `chiptalent kb validate` for details)."""


class RuleError(ChiptalentError):
    """A rule file is malformed or the engine hit its firing cap (a cycle)."""


class ConflictError(ChiptalentError):
    """A change based on an outdated version: someone else changed the item first.

    Raised by the curation store when the version an edit was based on is not the
    version on disk (or an item to be created already exists), so that two advisers
    editing one source get a conflict instead of a silent overwrite. The command line
    exits 1 on it; the web app answers 409 and shows the current version.
    """

    def __init__(self, message: str, *, item: str | None = None,
                 expected: int | None = None, actual: int | None = None):
        self.message = message
        self.item = item
        self.expected = expected
        self.actual = actual
        super().__init__(message)

    def as_json(self) -> dict:
        return {"error": self.message, "conflict": True, "id": self.item,
                "expected_version": self.expected, "current_version": self.actual}
