"""`python -m sharewiz`: the same as the `sharewiz` command."""

from sharewiz.cli.app import main

main()
