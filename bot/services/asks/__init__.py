"""Managers' requests to departments («Запрос в отдел»): asking, the department's card and
answer, the manager's side (close, ask again, a commercial proposal, an order), lists, SLA."""
