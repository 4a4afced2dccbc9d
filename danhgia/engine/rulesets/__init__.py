"""The built-in rule sets, one TOML file per regulation (see ADR 0002)."""
