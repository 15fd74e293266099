"""`python -m mapper` is the `mapper` command."""
from mapper.cli.base import main

main()
