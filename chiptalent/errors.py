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
