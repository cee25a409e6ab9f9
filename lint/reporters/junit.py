"""``junit``: JUnit XML, one ``<testcase>`` per linted file, for CI test-report views.

A file with findings fails with one ``<failure>`` that lists them all, one per line in the text
format; its ``type`` is the highest level found. One failure per test case, not one per finding:
GitLab, Jenkins and Azure DevOps show only the first failure of a case. A clean file is a
passing case. Text that XML 1.0 cannot carry (control characters) is replaced with U+FFFD so
the report always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..levels import LEVELS, level_rank
from . import TOOL_NAME, Reporter, Summary

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class JunitReporter(Reporter):
    name = "junit"

    def start(self) -> None:
        self._suite = ET.Element("testsuite", name=TOOL_NAME)
        self._tests = self._failures = 0

    def file(self, path, doc, findings) -> None:
        case = ET.SubElement(self._suite, "testcase", classname=TOOL_NAME, name=xml_text(path),
                             file=xml_text(path))
        self._tests += 1
        if not findings:
            return
        self._failures += 1
        worst = max((f.level for f in findings), key=level_rank)
        per_level = [_count(sum(f.level == l for f in findings), l) for l in reversed(LEVELS)
                     if any(f.level == l for f in findings)]
        failure = ET.SubElement(case, "failure", type=worst,
                                message=f"{_count(len(findings), 'finding')} ({', '.join(per_level)})")
        failure.text = "".join(
            xml_text(f"{path}:{f.line}:{f.column}: {f.level} {f.rule} {f.message}\n") for f in findings
        )

    def finish(self, summary: Summary) -> None:
        counts = {"tests": str(self._tests), "failures": str(self._failures), "errors": "0", "skipped": "0"}
        self._suite.attrib.update(counts)
        root = ET.Element("testsuites", name=TOOL_NAME, **counts)
        root.append(self._suite)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
