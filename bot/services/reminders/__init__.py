"""Reminders: rows with a due time, fired by the runner into the outbox, once.

The API for features (each module's docstring has the details):

- `planning.plan(uow, calendar, now, PlanReminder(step, subject, anchor=… | due_at=…,
  occurrence=…))`: idempotent; `planning.cancel(uow, subject, policy=None, now=…,
  reason=…)`: cancels what still waits (a payment stops its invoice's ladder).
  Both write in the caller's transaction; the caller commits.
- `reminders.planner`: `due_at` (a step's moment for an anchor), `sla_due` (working
  minutes), `next_working_period`, `Subject`/`SubjectKind`.
- `kinds.ReminderKind` + `registry.FEATURES`: how a feature loads its subject, decides it
  still matters, names the addressee, renders its message and handles its own buttons.
- `policy_settings`: the policies as they are now (company.yaml + /policies).
- `firing` (used by reminders/runner.py) and `actions` (the buttons) are the engine.
"""
