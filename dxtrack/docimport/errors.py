"""The one exception the importer raises for a document it cannot read."""


class DocumentError(Exception):
    """A document that cannot be imported.

    ``message`` is Vietnamese and says what is wrong and where (file, page, line); the CLI
    prints it and exits with status 2. ``code`` is a stable English key for programs.
    """

    def __init__(self, message: str, *, code: str = "unreadable", where: str | None = None):
        self.message = message
        self.code = code
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
