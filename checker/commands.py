"""Subcommands that run the pipeline (granska, regler, genomlys)."""

from __future__ import annotations


def add_commands(sub) -> None:
    """Registered here so the pipeline modules load only when a command needs them."""
