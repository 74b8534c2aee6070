"""Texts: a long user text in a placeable renders whole; a failed rendering is logged and
still gives a text."""

from __future__ import annotations

from structlog.testing import capture_logs

from bot.texts import Texts


def test_a_3000_character_user_text_in_a_placeable_renders_whole() -> None:
    texts = Texts.load("ru")
    answer = ("Добрый день! Отгрузим в пятницу. " * 100)[:3000]

    text = texts("client-request-answer", id=7, manager="Ирина Лебедева", text=answer)

    assert text.startswith("Ответ на ваше обращение №7 от Ирина Лебедева:")
    assert answer in text  # Fluent alone refuses a placeable over 2,500 characters


def test_long_values_next_to_selectors_and_numbers_keep_their_meaning() -> None:
    texts = Texts.load("ru")
    note = "примечание " * 400

    text = texts("request-answered", id=2026)

    assert text == "Ответ на обращение №2026 отправлен клиенту."
    assert note.strip() in texts("client-request-answer", id=1, manager="М", text=note)


def test_a_text_that_fails_to_render_is_logged_and_still_gives_a_text() -> None:
    texts = Texts.load("ru")

    with capture_logs() as logs:
        text = texts("client-request-answer", id=3)  # `manager` and `text` missing

    assert text.startswith("Ответ на ваше обращение №3")
    failed = [e for e in logs if e["event"] == "text_render_failed"]
    assert failed
    assert failed[0]["key"] == "client-request-answer"
    assert failed[0]["log_level"] == "error"
