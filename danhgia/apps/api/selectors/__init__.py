"""Reads of the API, each within a token's subtree (scope.TokenScope): tree, people, cycles, tasks."""
