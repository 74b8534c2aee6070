"""Managers' requests to departments («Запрос в отдел»): pure rules."""
