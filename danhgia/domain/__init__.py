"""Pure domain: workflow states, 100-point scoring, periods, consequences (no Django, no clock)."""
