"""Writes of the consultation: each service is keyword-only, runs in one transaction and writes its entry on the
consultation's audit chain (`consultation:<id>`)."""
