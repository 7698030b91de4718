class PortalError(Exception):
    """A rule of the portal said no. The message is for the person who asked: plain words."""
