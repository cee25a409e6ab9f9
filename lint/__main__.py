"""``python -m lint`` runs the copydesk command."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="copydesk")
