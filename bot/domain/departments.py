"""Departments that exist from the first start (ids as in company.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    id: str
    title: str
    fallback_id: str | None = None


BUILTIN_DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec("sales", "Отдел сервиса"),
    DepartmentSpec("warehouse", "Склад"),
    DepartmentSpec("supply", "Снабжение"),
    DepartmentSpec("workshop", "Швейный цех"),
    DepartmentSpec("logo", "Логотипы ЩЦ", fallback_id="workshop"),
    DepartmentSpec("delivery", "Доставка"),
    DepartmentSpec("legal", "Юрист"),
    DepartmentSpec("accounting", "Бухгалтерия"),
)

DEPARTMENT_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
