"""The company's configuration (company.yaml) as frozen dataclasses.

Only the parts the order and claim rules read are typed here. `working_time`, `calendar` and
`reminders` stay raw mappings: the working calendar and the reminder policies own their shape.

One time zone. The company's zone is the company file's `company.timezone` (an older file may
say it as `working_time.timezone`); the environment's TIMEZONE may name it instead, for a file
that does not. Where both are set they must agree, or the bot does not start
(`TimezoneConflict`); where neither is, it is Europe/Moscow. `CompanyConfig.timezone` is the
result, and `working_time["timezone"]` says the same: the calendar, order dates and what
people see all read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

WORK_KINDS: tuple[str, ...] = ("stock", "procure", "logo", "tailoring", "manufacture")
DELIVERY_KINDS: tuple[str, ...] = ("own_driver", "transport_company", "pickup")
DEFAULT_TIMEZONE = "Europe/Moscow"


class CompanyConfigError(ValueError):
    """company.yaml is malformed: names the section and what is wrong."""


class TimezoneConflict(CompanyConfigError):
    """TIMEZONE and the company file name different zones; the message names both."""


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    title: str
    chat_title: str | None
    roles: tuple[str, ...]
    fallback: str | None
    task_statuses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Routing:
    work: Mapping[str, str]
    delivery: Mapping[str, str | None]
    stock_rule: str


@dataclass(frozen=True, slots=True)
class PriceCategory:
    id: str
    label: str
    catalog_column: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TransportCompany:
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimCategory:
    id: str
    label: str
    department: str
    in_house_department: str | None


@dataclass(frozen=True, slots=True)
class ClaimsConfig:
    number_format: str
    statuses: tuple[str, ...]
    remedies: tuple[str, ...]
    categories: tuple[ClaimCategory, ...]
    notify: tuple[str, ...]
    sla: Mapping[str, int]

    def category(self, category_id: str) -> ClaimCategory:
        for cat in self.categories:
            if cat.id == category_id:
                return cat
        raise KeyError(category_id)


@dataclass(frozen=True, slots=True)
class CompanyConfig:
    name: str
    short_name: str
    inn: str
    city: str
    timezone: str
    departments: tuple[Department, ...]
    routing: Routing
    price_categories: tuple[PriceCategory, ...]
    transport_companies: tuple[TransportCompany, ...]
    claims: ClaimsConfig
    working_time: Mapping[str, Any]
    calendar: Mapping[str, Any]
    reminders: Mapping[str, Any]
    # managers' requests to departments: the suggestion rules and the proposal's markup
    requests: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def department(self, department_id: str) -> Department:
        for dep in self.departments:
            if dep.id == department_id:
                return dep
        raise KeyError(department_id)

    @property
    def department_ids(self) -> frozenset[str]:
        return frozenset(d.id for d in self.departments)


def default_company_path() -> Path:
    """The product's default company.yaml, shipped inside the package."""
    return Path(__file__).resolve().parent.parent / "data" / "company.yaml"


def load_company(path: str | Path, *, timezone: str | None = None) -> CompanyConfig:
    """Read company.yaml (PyYAML safe_load); raises CompanyConfigError when it is malformed.
    `timezone`: the environment's TIMEZONE, if set (see the module doc)."""
    text = Path(path).read_text(encoding="utf-8")
    return parse_company(yaml.safe_load(text), timezone=timezone)


def parse_company(data: Any, *, timezone: str | None = None) -> CompanyConfig:
    """Build the config from an already loaded YAML document."""
    root = _mapping(data, "company.yaml")
    company = _mapping(root.get("company"), "company")
    working_time = _mapping(root.get("working_time") or {}, "working_time")
    zone = _timezone(company, working_time, timezone)
    departments = tuple(
        _department(_mapping(d, "departments[]")) for d in _list(root, "departments")
    )
    config = CompanyConfig(
        name=_str(company, "name"),
        short_name=str(company.get("short_name") or company.get("name") or ""),
        inn=str(company.get("inn") or ""),
        city=str(company.get("city") or ""),
        timezone=zone,
        departments=departments,
        routing=_routing(_mapping(root.get("routing"), "routing")),
        price_categories=tuple(
            _price_category(_mapping(p, "price_categories[]"))
            for p in _list(root, "price_categories")
        ),
        transport_companies=tuple(
            TransportCompany(name=_str(m, "name"), synonyms=_strs(m.get("synonyms")))
            for m in (
                _mapping(t, "transport_companies[]") for t in _list(root, "transport_companies")
            )
        ),
        claims=_claims(_mapping(root.get("claims"), "claims")),
        working_time=_frozen({**working_time, "timezone": zone}),
        calendar=_frozen(_mapping(root.get("calendar") or {}, "calendar")),
        reminders=_frozen(_mapping(root.get("reminders") or {}, "reminders")),
        requests=_frozen(_mapping(root.get("requests") or {}, "requests")),
    )
    _check_references(config)
    return config


def _timezone(
    company: Mapping[str, Any], working_time: Mapping[str, Any], environment: str | None
) -> str:
    stated = {str(z) for z in (company.get("timezone"), working_time.get("timezone")) if z}
    if len(stated) > 1:
        raise CompanyConfigError(
            f"company.timezone {company['timezone']} and working_time.timezone "
            f"{working_time['timezone']} disagree: keep one"
        )
    in_file = stated.pop() if stated else None
    if environment and in_file and environment != in_file:
        raise TimezoneConflict(
            f"TIMEZONE={environment} but the company file says timezone {in_file}: "
            "set the zone in one place, or the same in both"
        )
    zone = environment or in_file or DEFAULT_TIMEZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CompanyConfigError(f"timezone: {zone!r} is no IANA time zone") from None
    return zone


def _department(m: Mapping[str, Any]) -> Department:
    chat = m.get("chat_title")
    fallback = m.get("fallback")
    return Department(
        id=_str(m, "id"),
        title=_str(m, "title"),
        chat_title=str(chat) if chat is not None else None,
        roles=_strs(m.get("roles")),
        fallback=str(fallback) if fallback is not None else None,
        task_statuses=_strs(m.get("task_statuses")),
    )


def _routing(m: Mapping[str, Any]) -> Routing:
    work = _mapping(m.get("work"), "routing.work")
    delivery = _mapping(m.get("delivery"), "routing.delivery")
    return Routing(
        work=MappingProxyType({str(k): str(v) for k, v in work.items()}),
        delivery=MappingProxyType(
            {str(k): (str(v) if v is not None else None) for k, v in delivery.items()}
        ),
        stock_rule=str(m.get("stock_rule") or "aggregate_per_sku"),
    )


def _price_category(m: Mapping[str, Any]) -> PriceCategory:
    return PriceCategory(
        id=_str(m, "id"),
        label=_str(m, "label"),
        catalog_column=_str(m, "catalog_column"),
        synonyms=_strs(m.get("synonyms")),
    )


def _claims(m: Mapping[str, Any]) -> ClaimsConfig:
    categories = []
    for raw in m.get("categories") or []:
        c = _mapping(raw, "claims.categories[]")
        in_house = c.get("in_house_department")
        categories.append(
            ClaimCategory(
                id=_str(c, "id"),
                label=_str(c, "label"),
                department=_str(c, "department"),
                in_house_department=str(in_house) if in_house is not None else None,
            )
        )
    sla = _mapping(m.get("sla") or {}, "claims.sla")
    return ClaimsConfig(
        number_format=str(m.get("number_format") or "{year}-{seq}"),
        statuses=_strs(m.get("statuses")),
        remedies=_strs(m.get("remedies")),
        categories=tuple(categories),
        notify=_strs(m.get("notify")),
        sla=MappingProxyType({str(k): int(v) for k, v in sla.items()}),
    )


def _check_references(config: CompanyConfig) -> None:
    ids = config.department_ids
    for kind, dep in config.routing.work.items():
        if kind not in WORK_KINDS:
            raise CompanyConfigError(f"routing.work: unknown work kind {kind!r}")
        if dep not in ids:
            raise CompanyConfigError(f"routing.work.{kind}: unknown department {dep!r}")
    missing = set(WORK_KINDS) - set(config.routing.work)
    if missing:
        raise CompanyConfigError(f"routing.work: no department for {sorted(missing)}")
    for kind, target in config.routing.delivery.items():
        if kind not in DELIVERY_KINDS:
            raise CompanyConfigError(f"routing.delivery: unknown delivery kind {kind!r}")
        if target is not None and target not in ids:
            raise CompanyConfigError(f"routing.delivery.{kind}: unknown department {target!r}")
    for department in config.departments:
        fallback = department.fallback
        if fallback is not None and fallback not in ids:
            raise CompanyConfigError(f"departments.{department.id}: unknown fallback {fallback!r}")
    for cat in config.claims.categories:
        for target in (cat.department, cat.in_house_department):
            if target is not None and target not in ids:
                raise CompanyConfigError(f"claims.{cat.id}: unknown department {target!r}")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CompanyConfigError(f"{where}: expected a mapping")
    return value


def _list(root: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = root.get(key)
    if not isinstance(value, list):
        raise CompanyConfigError(f"{key}: expected a list")
    return value


def _str(m: Mapping[str, Any], key: str) -> str:
    value = m.get(key)
    if value is None or value == "":
        raise CompanyConfigError(f"{key}: required")
    return str(value)


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CompanyConfigError(f"expected a list, got {value!r}")
    return tuple(str(v) for v in value)


def _frozen(m: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(m))
