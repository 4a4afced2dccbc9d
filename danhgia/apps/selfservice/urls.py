from __future__ import annotations

from django.urls import path

from danhgia.apps.selfservice.views import board, claims, residence, review

app_name = "selfservice"
urlpatterns = [
    path("my-review/", review.my_review, name="my_review"),
    path("my-review/history/", review.history, name="history"),
    path("self-review/<int:pk>/", review.review_detail, name="review_detail"),
    path("self-review/<int:pk>/autosave/", review.review_autosave, name="autosave"),
    path("self-review/<int:pk>/total/", review.review_total, name="total"),
    path("self-review/<int:pk>/submit/", review.review_submit, name="submit"),
    path("self-review/<int:pk>/add-row/", review.review_add_row, name="add_row"),
    path("self-review/<int:pk>/evidence/", review.evidence_upload, name="evidence_upload"),
    path("self-review/<int:pk>/evidence/<int:evidence_pk>/", review.evidence_file, name="evidence_file"),
    path("self-review/<int:pk>/evidence/<int:evidence_pk>/remove/", review.evidence_delete, name="evidence_remove"),
    path("self-review/<int:pk>/complaint/", review.complaint_new, name="complaint_new"),
    path("self-review/<int:pk>/form.<str:kind>", review.my_form, name="my_form"),
    path("objective-causes/", claims.claims, name="claims"),
    path("objective-causes/decide/", claims.claims_decide, name="claims_decide"),
    path("unit-board/", board.unit_board, name="unit_board"),
    path("unit-board/meeting/<int:pk>/", board.meeting, name="meeting"),
    path("unit-board/self-review/<int:pk>/", board.member_review, name="member_review"),
    path("residence/", residence.search, name="residence"),
    path("residence/<int:pk>/", residence.comment, name="residence_comment"),
]
