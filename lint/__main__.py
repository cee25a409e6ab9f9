"""``python -m lint`` runs the copydesk command."""

from .cli import run

if __name__ == "__main__":
    run(prog_name="copydesk")
