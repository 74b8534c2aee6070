"""Counterparties, their contacts and phones, and the interaction log (the clients feature)."""

from __future__ import annotations
