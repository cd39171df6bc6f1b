"""A request the archive cannot answer as asked is the asker's error: HTTP 400 with the reason,
not a server error with a traceback in the server's log. Datasette 0.65 answers 500 for some such
requests: `_sort` or `_sort_desc` naming no column, `_where` holding a second statement,
`_timelimit`, `_through` or `_next` that it cannot read, a CSV whose query took too long. What
the server itself fails at stays a 500, with its traceback.

Datasette's own exception handler prints a traceback for every exception it did not raise itself,
the asker's mistakes too; this one stands in for it, and hands it everything to answer. Where the
`rich` package is installed (import-linter, a test tool, brings it), Datasette's handler also
prints every exception, 400s included, with all its local variables: half a second of the
server's time per bad request, and the requests' values in its log. It is kept from doing so;
the server's own errors keep their plain traceback."""

import sqlite3

import datasette.handle_exception as datasette_handler
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.plugins import pm
from datasette.utils.asgi import NotFound
from datasette.views.base import DatasetteError

DATASETTE_HANDLER = "datasette.handle_exception"
# Raised while Datasette reads a request's parameters and runs the SQL they make: the statement
# it was given (a second statement, a value too large or of the wrong type), or a parameter it
# could not read (int() and json.loads of the text, indexing what JSON gave).
ASKED_WRONG = (sqlite3.ProgrammingError, sqlite3.Warning, sqlite3.DataError,
               sqlite3.IntegrityError, ValueError, TypeError, OverflowError)

if pm.get_plugin(DATASETTE_HANDLER) is not None:
    pm.unregister(name=DATASETTE_HANDLER)
datasette_handler.rich = None


def as_asked_wrong(exception: Exception) -> DatasetteError | None:
    """The 400 to answer for an exception the request caused; None for the server's own."""
    if isinstance(exception, DatasetteError):
        # Datasette raises its own error without a status (so 500) only for parameters it cannot
        # use, such as a `_sort` column that does not exist.
        message = exception.message if exception.status == 500 else None
    elif isinstance(exception, QueryInterrupted):
        message = "SQL query took too long"
    elif isinstance(exception, ASKED_WRONG):
        message = str(exception)
    else:
        message = None
    return None if message is None else DatasetteError(message, title="Invalid request",
                                                        status=400)


@hookimpl(trylast=True)
def handle_exception(datasette, request, exception):
    return datasette_handler.handle_exception(datasette, request,
                                              as_asked_wrong(exception) or exception)


async def no_such_search(request):
    """datasette-search-all's route matches every path that starts with /-/search, and answered
    /-/search.json with its HTML page: only /-/search is that page."""
    raise NotFound("/-/search is a page for people, with no JSON form: search a table's JSON,"
                   " /archive/pages.json?_search=…")


@hookimpl
def register_routes():
    return [(r"^/-/search.+$", no_such_search)]
