"""``copydesk grammar setup``: install LanguageTool for language-tool-python, on request.

The only place in copydesk allowed to download LanguageTool. It says what it will fetch, from
where, how large it is (the server's Content-Length, else the known size of a release), and
asks before downloading unless ``--yes``. The download itself is language-tool-python's
(checksum-verified, extracted to ``LTP_PATH`` or ``~/.cache/language_tool_python``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

APPROXIMATE_MB = 250  # a LanguageTool 6.x release archive


class SetupError(Exception):
    """Why LanguageTool could not be installed; one line."""


def _size_mb(url: str) -> tuple[int, bool]:
    """(size in MB, measured): the archive's size from a HEAD request, else the usual size."""
    import requests

    try:
        response = requests.head(url, allow_redirects=True, timeout=10)
        length = int(response.headers.get("Content-Length", "0"))
        if response.ok and length > 0:
            return max(1, round(length / 1_000_000)), True
    except (requests.RequestException, ValueError):
        pass
    return APPROXIMATE_MB, False


def setup(version: str | None, yes: bool, echo: Callable[[str], None], confirm: Callable[[str], bool]) -> bool:
    """Install LanguageTool ``version`` (language-tool-python's default when None). Returns
    False when the user declined; raises SetupError when it cannot be done."""
    try:
        from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
        from language_tool_python.utils import get_language_tool_download_path
    except ImportError:
        raise SetupError("grammar setup needs language-tool-python: pip install 'copydesk[grammar]'") from None
    try:
        local = LocalLanguageTool.from_version_name(version or LTP_DOWNLOAD_VERSION)
        installed = local in LocalLanguageTool.get_installed_versions()
        folder = get_language_tool_download_path()
        url = local.download_url
    except (ValueError, OSError) as exc:
        raise SetupError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - the library's own errors (PathError, ...)
        raise SetupError(f"{type(exc).__name__}: {exc}") from None
    if installed:
        echo(f"LanguageTool {local.version_name} is already installed in {folder}.")
        return True
    size, measured = _size_mb(url)
    echo(f"This downloads LanguageTool {local.version_name}: {'' if measured else 'about '}{size} MB from {url},")
    echo(f"into {folder} (set LTP_PATH to choose another folder).")
    if shutil.which("java") is None:
        echo("Java was not found: LanguageTool needs Java 17 or later to run.")
    if not yes and not confirm("Download it now?"):
        echo("Nothing was downloaded.")
        return False
    try:
        local.download()
    except Exception as exc:  # noqa: BLE001 - network, checksum, Java: one line, no traceback
        raise SetupError(f"LanguageTool was not installed: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None
    echo(f"LanguageTool {local.version_name} is installed; 'copydesk --grammar FILES' will start it when needed.")
    return True
