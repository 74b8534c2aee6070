"""All routers, in the order they see an update."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    asks,
    cancel,
    catalog,
    claims,
    client_portal,
    clients,
    contacts,
    counterparty_files,
    departments,
    errors,
    fallback,
    my_orders,
    new_client,
    orders,
    outbox,
    reminders,
    routing,
    staff,
    start,
    tasks,
)


def build_routers() -> list[Router]:
    return [
        errors.build_router(),  # errors only: sees no messages
        cancel.build_router(),  # first: /cancel leaves any dialogue, whatever its state
        start.build_router(),
        staff.build_router(),
        departments.build_router(),
        outbox.build_router(),
        # claims: before the client portal (a reply to a claim's question is an answer, not a
        # request) and before /my of the orders (a client's /my lists their orders and claims)
        claims.build_router(),
        # clients feature routers (below this line)
        client_portal.build_router(),  # before the staff ones: a client's free messages
        contacts.build_router(),  # its dialogue states before /find and the card's
        clients.build_router(),
        new_client.build_router(),  # /newclient and its dialogue
        counterparty_files.build_router(),  # a bare CSV/XLSX from staff: an import
        asks.build_router(),  # /ask, request cards, replies to them: before orders and tasks
        # orders feature routers (below this line)
        orders.build_router(),  # a staff member's free text is an order; the order dialogue
        catalog.build_router(),  # /catalog, /stock and their files
        tasks.build_router(),  # task card buttons, their typed answers, order topics' talk
        my_orders.build_router(),  # /my and an order's card
        routing.build_router(),  # /routing
        reminders.build_router(),  # reminder buttons, /policies
        fallback.build_router(),  # last: whatever nobody else took
    ]
