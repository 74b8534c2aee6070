"""Catalog, orders, positions and department tasks (the orders feature)."""

from __future__ import annotations
