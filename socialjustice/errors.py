class PortalError(Exception):
    """A rule of the portal said no. The message is for the person who asked: plain words.

    `field` names the form field the person should fix, when there is one; views add the
    message to that field (or to the top of the form) and re-render with what was typed.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class Busy(Exception):
    """A row stayed locked by someone else for longer than a request may wait.

    Not a PortalError: nothing the person did was wrong, and the transaction that waited is
    rolled back. The middleware answers with the "busy, please try again" page (503 with
    `Retry-After`), never a 500.
    """

    retry_after = 5


def add_to_form(form, error: PortalError) -> None:
    """Show a service's refusal on the form: on the field it names, or at the top."""
    form.add_error(error.field if error.field in form.fields else None, str(error))
