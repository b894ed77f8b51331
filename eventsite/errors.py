"""The one error type business rules raise."""


class DomainError(Exception):
    """A rule said no. `code` is for programs, `message` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
