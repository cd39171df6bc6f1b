"""The archive published: Datasette with the project's metadata, templates and plugins, and
exports of a table as CSV, JSON or JSON lines."""
