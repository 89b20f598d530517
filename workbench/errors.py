"""The one exception type the CLI turns into a single clear sentence and a non-zero exit."""


class WorkbenchError(Exception):
    """Bad input or a refused action; the message is one sentence a user can act on."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
