"""``python -m whimbrel``: the same as the ``whimbrel`` command."""

from whimbrel.cli import app

app(prog_name="whimbrel")
