"""User-facing errors with stable codes: the CLI prints them as one line, never a traceback."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class: `code` is stable and searchable, `str()` is the one-line message."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


class InputError(NewsgraphError):
    """The input (a file, a text, a date) cannot be analysed."""

    code = "E001"


class KnowledgeBaseError(NewsgraphError):
    """A knowledge-base file (the package's or a user's) is malformed."""

    code = "E002"
