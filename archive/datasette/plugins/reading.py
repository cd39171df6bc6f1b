"""What the reading template of a page needs from Python: the authors' names from their JSON."""

import json

from datasette import hookimpl


def names(value: str | None) -> str:
    try:
        people = json.loads(value or "[]")
    except ValueError:
        return ""
    return "; ".join(str(name) for name in people if name)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["names"] = names
