"""Reviews: self-review, comments, verification, decision, publication and complaints of each subject."""
