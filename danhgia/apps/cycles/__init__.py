"""Review cycles: period, scope, pinned rule set, deadlines, states, quota groups, criteria templates."""
