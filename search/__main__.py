"""Run the press-search command with python -m search."""

from search.cli import main

main()
