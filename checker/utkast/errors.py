"""The one error the draft reader raises: a Swedish message, exit code 3, nothing written."""


class UtkastError(Exception):
    pass
