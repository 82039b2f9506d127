"""Use cases a person performs, as plain functions over a unit of work (STYLE.md habit 2)."""
