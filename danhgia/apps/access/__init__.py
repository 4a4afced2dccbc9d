"""Who may do what where: roles scoped to a subtree of the organisation tree."""
