"""Review services, one module per step of the procedure (docs/regulations/party.md §8): self-review, comments,
verification, decision, publication and complaints. Every one is keyword-only, transactional, checks the
actor's role over the subject's unit and writes its audit entry in the same transaction."""

from danhgia.apps.reviews.services.comments import comment_add
from danhgia.apps.reviews.services.complaints import complaint_file, complaint_resolve
from danhgia.apps.reviews.services.decision import reviews_decide, reviews_publish
from danhgia.apps.reviews.services.selfreview import review_return, review_save, review_submit
from danhgia.apps.reviews.services.verification import review_verify, reviews_accept_engine, verification_compute

__all__ = [
    "comment_add",
    "complaint_file",
    "complaint_resolve",
    "review_return",
    "review_save",
    "review_submit",
    "review_verify",
    "reviews_accept_engine",
    "reviews_decide",
    "reviews_publish",
    "verification_compute",
]
