"""The self-service pages: the subject's own review (review.py) and the secretary's unit board (board.py)."""
