"""The one exception tree of alliance.

Every error alliance raises on purpose is an :class:`AllianceError`. The CLI turns each into a
single line (no traceback) and a non-zero exit code; the web app into one JSON error shape.

::

    AllianceError
     ├── InputError                  a file could not be read as a transcript
     │    ├── EmptyFileError
     │    ├── BinaryFileError
     │    ├── FileTooLargeError
     │    ├── EncodingError
     │    ├── UnknownFormatError
     │    └── ParseError             a line or record the reader cannot place
     ├── ModelError                  model files missing, corrupt or of the wrong version
     ├── FrameworkError              a framework file that does not validate
     ├── PipelineError               steps whose requirements are not met
     └── StoreError                  the database refused or could not do something
          ├── NotFoundError          unknown client, session or instrument
          └── ValidationError        answers out of range, malformed FHIR, bad check-in file

Messages say what happened, where (file and line) and what to do. They never contain
transcript text: transcripts are health data.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AllianceError",
    "AllianceWarning",
    "BinaryFileError",
    "EmptyFileError",
    "EncodingError",
    "FileTooLargeError",
    "FrameworkError",
    "InputError",
    "ModelError",
    "NotFoundError",
    "ParseError",
    "PipelineError",
    "StoreError",
    "UnknownFormatError",
    "ValidationError",
]


class AllianceWarning(UserWarning):
    """Something worth knowing that did not stop the work (e.g. a cp1252 fallback)."""


class AllianceError(Exception):
    """Base of every error alliance raises on purpose.

    ``hint`` says what the user can do about it; ``exit_code`` is what the CLI exits with.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message}. {self.hint}" if self.hint else self.message


class InputError(AllianceError):
    """A file could not be read as a transcript. Carries the file and, where known, the line."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        body = super().__str__()
        return f"{where}{body}"


class EmptyFileError(InputError):
    """The file holds no utterances."""


class BinaryFileError(InputError):
    """The file is binary and of no transcript format alliance knows."""


class FileTooLargeError(InputError):
    """The file is larger than the configured limit."""


class EncodingError(InputError):
    """The bytes could not be decoded as text."""


class UnknownFormatError(InputError):
    """Neither the extension nor the content says which transcript format this is."""


class ParseError(InputError):
    """A line or record the reader cannot place."""


class ModelError(AllianceError):
    """Model files are missing, corrupt or do not match what the code expects."""


class FrameworkError(AllianceError):
    """A framework file does not validate."""


class PipelineError(AllianceError):
    """Pipeline steps whose requirements are not met, or an unknown step."""


class StoreError(AllianceError):
    """The database refused or could not do something; nothing was written."""


class NotFoundError(StoreError):
    """An unknown client, session or instrument."""


class ValidationError(StoreError):
    """Input for the store that does not validate (answers out of range, malformed FHIR)."""
