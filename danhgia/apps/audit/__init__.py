"""Tamper-evident audit trail: every state change writes a hash-chained entry in its transaction."""
