"""Messages for people never show the server's file paths (issue 12): a reader's error such as
"/tmp/tmpk2x9/upload.pdf: tệp .pdf bị hỏng" becomes "ke-hoach.pdf: tệp .pdf bị hỏng".

Readers name the file they opened, which for an upload is a temporary copy; the person knows
their file by the name they uploaded. `without_paths` replaces every absolute path in a message
by that name (or by the path's last part), keeping the rest of the message.
"""

from __future__ import annotations

import re

#: An absolute POSIX path of two parts or more, not inside a URL ("https://host/a/b" is kept).
_PATH = re.compile(r"(?<![\w.:/\-])/(?:[^\s/:;,'\"()“”]+/)+[^\s/:;,'\"()“”]*")


def without_paths(message: str, *, name: str = "") -> str:
    """`message` with each absolute path replaced by `name`, or by the path's file name."""

    def replace(match: re.Match[str]) -> str:
        return name or match.group(0).rstrip("/").rsplit("/", 1)[-1]

    return _PATH.sub(replace, message)
