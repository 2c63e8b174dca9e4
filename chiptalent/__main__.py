"""`python -m chiptalent`: the command line without the console script on PATH."""

from chiptalent.cli import run

run()
