"""User-facing errors: each names the problem and the fix in one line."""


class PossegError(Exception):
    """Base of the errors the tools print as one line and exit non-zero on."""


class StackError(PossegError, ImportError):
    """The installed OpenMMLab stack cannot run posseg."""


class ConfigNotFoundError(PossegError, FileNotFoundError):
    """A config path given on the command line does not exist."""


class DatasetNotFoundError(PossegError, FileNotFoundError):
    """A config points at dataset files that have not been prepared."""
