"""Invoices and the receivables ladder (seed 003, «Контроль дебиторской задолженности»).

- `book`: the invoice's own writes (register or update, a payment, a guarantee letter),
  in the caller's transaction; a full payment stops the rest of the ladder at once.
- `ladder`: planning the ladder's steps (`reminders.receivables` in company.yaml).
- `commands`: /invoice, /paid, a guarantee letter, an order's «счёт» button.
- `imports`: a document captioned /invoices (invoices or payments).
- `debts`: /debts with aging buckets. `acts`: reconciliation acts.
- `kinds`: the ladder's reminder kinds (their texts, buttons and staleness).
"""
