import pytest
import yaml

from bot.domain.company import (
    CompanyConfigError,
    default_company_path,
    load_company,
    parse_company,
)


@pytest.fixture(scope="module")
def company_yaml() -> dict[str, object]:
    loaded = yaml.safe_load(default_company_path().read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_departments_load_with_chats_roles_and_statuses() -> None:
    company = load_company(default_company_path())
    warehouse = company.department("warehouse")
    assert warehouse.chat_title == "Заявки на склад"
    assert warehouse.roles == ("warehouse",)
    assert warehouse.task_statuses == ("Принято", "Собрано", "Не хватает")
    assert company.department("sales").chat_title is None


def test_logo_department_falls_back_to_workshop() -> None:
    company = load_company(default_company_path())
    assert company.department("logo").fallback == "workshop"
    assert company.department("workshop").fallback is None


def test_routing_maps_work_and_delivery_kinds() -> None:
    company = load_company(default_company_path())
    assert company.routing.work["stock"] == "warehouse"
    assert company.routing.work["procure"] == "supply"
    assert company.routing.work["logo"] == "logo"
    assert company.routing.delivery["transport_company"] == "delivery"
    assert company.routing.delivery["pickup"] is None
    assert company.routing.stock_rule == "aggregate_per_sku"


def test_price_categories_and_carriers_keep_their_synonyms() -> None:
    company = load_company(default_company_path())
    dealer = next(p for p in company.price_categories if p.id == "dealer")
    assert dealer.catalog_column == "price_dealer"
    assert "диллер" in dealer.synonyms
    carriers = {t.name: t.synonyms for t in company.transport_companies}
    assert "Деловыми" in carriers["Деловые Линии"]


def test_claims_route_categories_to_departments() -> None:
    company = load_company(default_company_path())
    defect = company.claims.category("defect")
    assert (defect.department, defect.in_house_department) == ("supply", "workshop")
    assert company.claims.category("logo").department == "logo"
    assert company.claims.sla["decide_within_working_days"] == 5
    assert "refund" in company.claims.remedies


def test_calendar_and_reminders_stay_raw_mappings() -> None:
    company = load_company(default_company_path())
    assert company.working_time["start"] == "09:00"
    assert company.calendar["years"][0]["year"] == 2026
    assert company.reminders["receivables"]["guarantee_letter_max_days"] == 7


def test_unknown_department_in_routing_is_refused(company_yaml: dict[str, object]) -> None:
    broken = dict(company_yaml)
    broken["routing"] = {**company_yaml["routing"], "work": {"stock": "nowhere"}}  # type: ignore[dict-item]
    with pytest.raises(CompanyConfigError, match="nowhere"):
        parse_company(broken)


def test_missing_section_is_refused(company_yaml: dict[str, object]) -> None:
    broken = {k: v for k, v in company_yaml.items() if k != "departments"}
    with pytest.raises(CompanyConfigError, match="departments"):
        parse_company(broken)
