"""``github``: GitHub Actions workflow commands, shown as annotations on the pull request.

``::warning file=a.md,line=3,col=5,endLine=3,endColumn=12,title=copydesk (repetition.word)::…``
One line per finding; ``error``, ``warning`` and ``notice`` (for suggestions). Paths are from the
repository root, as GitHub maps them to the files of the commit. The message starts with
``path:line:col:`` because the job log shows only the message; the title names the tool and the
rule, so the annotation says where it comes from among other linters'. Escaping follows the runner's
toolkit (``@actions/core`` ``command.ts``): ``%``, CR and LF in the message; also ``:`` and
``,`` in property values, which would otherwise end them.
"""

from __future__ import annotations

from . import TOOL_NAME, Reporter
from .paths import repo_path

COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"

    def file(self, path, doc, findings) -> None:
        if not findings:
            return
        where = repo_path(path)
        for f in findings:
            props = {
                "file": where, "line": f.line, "col": f.column,
                "endLine": f.end_line, "endColumn": f.end_column,
                "title": f"{TOOL_NAME} ({f.rule})",
            }
            head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
            text = f"{where}:{f.line}:{f.column}: {f.message}"
            self.stream.write(f"::{COMMANDS.get(f.level, 'warning')} {head}::{escape_data(text)}\n")
