"""Datasette 0.65's table view makes the next-page link of a listing sorted by a column it did
not select (the public copy's pages sort by rowid, archive/publication/serve.py) by looking the
column up by primary key, when the last row raises IndexError for it, as sqlite3.Row does. Rows
whose foreign keys it gave labels (the HTML page's `site`) are its own CustomRow, which raises
KeyError instead, and the page failed with a 500. Its rows now raise an error that is both."""

from datasette.utils import CustomRow
from datasette.views import table


class MissingColumn(KeyError, IndexError):
    pass


class LabelledRow(CustomRow):
    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError as error:
            raise MissingColumn(key) from error


table.CustomRow = LabelledRow
