"""What the API reads and writes, as pydantic schemas (they make the OpenAPI document, docs/openapi.json):
common.py (inputs, pages, errors), reads.py (the reads' parameters and answers), feed.py (the task feed).
Inputs refuse unknown fields; every message a validator gives is translated (errors.validation_errors)."""
