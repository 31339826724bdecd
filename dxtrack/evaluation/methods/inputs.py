"""What the evaluation methods take: a refused input's error and a dated value."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date


class InvalidInput(ValueError):
    """A refused input. ``str()`` is the Vietnamese message, as for every ValueError here;
    ``message_en`` the English one: the services store the message as an explanation, and the
    English pages show it too."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.message_en = message_en


@dataclass(frozen=True)
class Point:
    """A value at a time: for an observation, the end date of its period."""

    when: date
    value: float

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise ValueError(f"Giá trị {self.value!r} ngày {self.when} không phải là số")
        if not math.isfinite(self.value):
            raise ValueError(f"Giá trị {self.value!r} ngày {self.when} không phải là số hữu hạn")
