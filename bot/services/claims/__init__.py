"""Claims: filing (a client, or staff for a client), working them (department, manager, head),
the client's rating, deadlines through the reminder engine, lists and cards."""
