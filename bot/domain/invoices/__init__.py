"""Invoices: money, dates, aging and the receivables ladder's dates. Pure."""
