"""Departments: what one needs to create one (the defaults come from company.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    id: str
    title: str
    fallback_id: str | None = None


DEPARTMENT_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
