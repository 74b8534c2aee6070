"""The sender: delivers the outbox to Telegram (loop.py; see its doc)."""

from bot.telegram.sender.loop import Sender, SenderOptions

__all__ = ["Sender", "SenderOptions"]
