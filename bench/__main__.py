"""`python -m bench` (make bench): the delivery benchmarks, one table each.

Figures, not assertions: nothing here fails a build. See bench/sender.py and
bench/intake.py for what each one measures and how.
"""

from __future__ import annotations

import asyncio
import logging
import os

import psutil

from bench import sender
from bench.databases import postgres_database, sqlite_database
from bench.intake import Throughput, bare_insert_loop, intake_latency, intake_throughput
from bench.intake_parts import intake_parts
from bench.reminders import RunnerFigures, runner_bench
from bench.replies import ReplyLatency, reply_latency
from bench.table import print_table
from bot.views import registry
from tests.delivery.harness import plain_view

INTAKE_UPDATES = 2000
PARTS_UPDATES = 1000
REMINDERS_PENDING = 1_000_000
REMINDERS_DUE = 10_000


async def main() -> None:
    registry.VIEWS["plain"] = plain_view
    await sender.run()

    rows = []
    async with sqlite_database() as url:
        lite = await intake_throughput(url, INTAKE_UPDATES)
    rows += _throughput_rows("SQLite", lite)
    async with postgres_database() as url:
        if url is None:
            rows.append(("PostgreSQL", "not reachable, skipped"))
        else:
            pg = await intake_throughput(url, INTAKE_UPDATES)
            rows += _throughput_rows("PostgreSQL", pg)
    print_table(
        f"2. Intake: {INTAKE_UPDATES} updates from 100 users through the whole path",
        rows,
        "   whole path: store in inbox, dedupe, middlewares, handler, state + audit + outbox, "
        "commit\n   bare loop: one SQLAlchemy INSERT + COMMIT per row, same run, same database"
        "\n   statements: SQL statements and commits sent (the floor for the path: read the "
        "dialogue\n   state and the person, write state, interaction, outbox row, inbox mark; "
        "commit)",
    )
    rss = psutil.Process(os.getpid()).memory_info().rss

    async with sqlite_database() as url:
        latency = await intake_latency(url)
    print_table(
        f"3. Latency at {latency.rate:g} updates/s, {latency.updates} updates, SQLite in-process",
        [
            ("p50 received -> outbox row committed", f"{latency.p50_ms:.1f} ms"),
            ("p99 (goal < 20 ms)", f"{latency.p99_ms:.1f} ms"),
            ("max", f"{latency.max_ms:.1f} ms"),
        ],
    )
    await _reply_path()
    print_table(
        "4. Memory",
        [("RSS of this process after the intake benchmark", f"{rss / 2**20:.0f} MiB")],
    )
    await _where_the_time_goes()
    await _reminders()


async def _reply_path() -> None:
    runs: list[ReplyLatency] = []
    for rate, updates in ((100.0, 500), (25.0, 250)):
        async with sqlite_database() as url:
            runs.append(await reply_latency(url, rate=rate, updates=updates))
    rows: list[tuple[str, str]] = []
    for run in runs:
        at = f"{run.rate:g}/s"
        rows += [
            (f"{at}: p50 received -> reply handed to the Bot API", f"{run.p50_ms:.1f} ms"),
            (f"{at}: p99 (goal < 50 ms)", f"{run.p99_ms:.1f} ms"),
            (f"{at}: max", f"{run.max_ms:.1f} ms"),
            (f"{at}: answered / updates, 429 answers", f"{run.answered} / {run.updates}, "
             f"{run.rejected_429}"),
            (f"{at}: first update to last reply", f"{run.seconds:.1f} s"),
        ]  # fmt: skip
    print_table(
        f"3b. Reply path at 100 and 25 updates/s from {runs[0].users} users, limits on, SQLite",
        rows,
        "   received -> intake, handler, reply written to the outbox in the update's commit,"
        "\n   sender woken, paced, request arrives at the fake Bot API (its own process)."
        "\n   Telegram takes about 30 messages a second from a bot in all: at 100 replies a"
        "\n   second the rest wait their turn (the global limit, not the path)",
    )


async def _reminders() -> None:
    rows: list[tuple[str, str]] = []
    for name, database in (("SQLite", sqlite_database), ("PostgreSQL", postgres_database)):
        async with database() as url:
            if url is None:
                rows.append((name, "not reachable, skipped"))
                continue
            rows += _runner_rows(name, await runner_bench(url, REMINDERS_PENDING, REMINDERS_DUE))
    print_table(
        f"6. Reminder runner: {REMINDERS_PENDING:,} pending reminders, {REMINDERS_DUE:,} due"
        f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        rows,
        "   idle tick: nothing due (claim finds nothing, next due time looked up); goal < 5 ms"
        "\n   due tick: claim, check, address and write the outbox rows of every due one, in"
        "\n   batches of 500 (claim and fire: a commit each); goal < 1 s. RSS: before / after",
    )


def _runner_rows(name: str, f: RunnerFigures) -> list[tuple[str, str]]:
    return [
        (f"{name}: idle tick, mean / max", f"{f.idle_ms_mean:.2f} / {f.idle_ms_max:.2f} ms"),
        (f"{name}: ... CPU time of this process", f"{f.idle_cpu_ms:.2f} ms"),
        (f"{name}: {f.due:,} due: claimed, sent to the outbox", f"{f.fire_s:.2f} s"),
        (f"{name}: ... CPU time of this process", f"{f.fire_cpu_s:.2f} s"),
        (f"{name}: sent / outbox rows", f"{f.sent:,} / {f.outbox_rows:,}"),
        (f"{name}: RSS before / after", f"{f.rss_before_mib:.0f} / {f.rss_after_mib:.0f} MiB"),
    ]


async def _where_the_time_goes() -> None:
    rows = []
    for name, database in (("SQLite", sqlite_database), ("PostgreSQL", postgres_database)):
        async with database() as url:
            if url is None:
                rows.append((name, "not reachable, skipped"))
                continue
            for part in await intake_parts(url, PARTS_UPDATES):
                figures = f"{part.cpu_ms_per_update:.2f} ms  {part.rate:5.0f} updates/s"
                rows.append((f"{name}: {part.name}", figures))
            seconds, cpu = await bare_insert_loop(url, PARTS_UPDATES)
            per_row, rate = cpu / PARTS_UPDATES * 1000, PARTS_UPDATES / seconds
            rows.append(
                (f"{name}: bare insert+commit loop", f"{per_row:.2f} ms  {rate:5.0f} rows/s")
            )
    print_table(
        f"5. Where an update's time goes: {PARTS_UPDATES} updates, parts taken out one by one",
        rows,
        "   CPU time of the event loop thread per update (aiogram, SQLAlchemy, our code), and rate"
        "\n   left after the last step: the inbox store (one INSERT per 100 updates), aiogram's"
        "\n   parsing and dispatch through our middlewares and routers",
    )


def _throughput_rows(name: str, result: Throughput) -> list[tuple[str, str]]:
    per_update = result.statements_per_update
    return [
        (f"{name}: whole path", f"{result.rate:.0f} updates/s"),
        (f"{name}: bare insert+commit loop", f"{result.bare_rate:.0f} rows/s"),
        (f"{name}: whole path / bare loop (goal >= 60%)", f"{result.rate / result.bare_rate:.0%}"),
        (f"{name}: statements per update / per bare row", f"{per_update:.1f} / 2"),
        (
            f"{name}: CPU per update / per bare row",
            f"{result.cpu_ms_per_update:.2f} / {result.bare_cpu_ms_per_row:.2f} ms",
        ),
        (
            f"{name}: per statement, whole path / bare loop",
            f"{result.rate * per_update / (result.bare_rate * 2):.0%}",
        ),
    ]


if __name__ == "__main__":
    logging.disable(logging.INFO)
    asyncio.run(main())
