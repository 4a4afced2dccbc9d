"""The self-service pages: the subject's own review (review.py), the secretary's unit board (board.py) and the
residence cell's comments (residence.py)."""
