"""The organisation and people registry: who is classified, where, and on what facts."""
