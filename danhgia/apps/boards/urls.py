"""The boards' URLs (the main navigation links verification, decision, complaints, organisation, cycles)."""

from __future__ import annotations

from django.urls import path

from danhgia.apps.boards.views import complaints, cycles, decision, jobs, organisation, subject_file, verification

app_name = "boards"
urlpatterns = [
    path("verification/", verification.home, name="verification"),
    path("verification/<int:cycle>/<int:unit>/", verification.board_page, name="verification_board"),
    path("verification/<int:cycle>/<int:unit>/compute/", verification.compute, name="verification_compute"),
    path("verification/<int:cycle>/<int:unit>/accept/", verification.accept, name="verification_accept"),
    path("verification/review/<int:review>/propose/", verification.propose, name="verification_propose"),
    path(
        "verification/review/<int:review>/return/",
        verification.return_for_correction,
        name="verification_return",
    ),
    path("verification/review/<int:review>/comments/", verification.review_comments, name="verification_comment"),
    path("decision/", decision.home, name="decision"),
    path("decision/<int:cycle>/<int:unit>/", decision.board_page, name="decision_board"),
    path("decision/review/<int:review>/", subject_file.subject_file, name="decision_file"),
    path("decision/<int:cycle>/<int:unit>/decide/", decision.decide, name="decision_decide"),
    path("decision/<int:cycle>/<int:unit>/publish/", decision.publish, name="decision_publish"),
    path("quota-groups/<int:group>/", decision.quota_group, name="quota_group"),
    path("complaints/", complaints.home, name="complaints"),
    path("complaints/<int:cycle>/", complaints.queue, name="complaints_queue"),
    path("complaints/item/<int:complaint>/", complaints.detail, name="complaint"),
    path("organisation/", organisation.home, name="organisation"),
    path("organisation/<int:cycle>/<int:unit>/", organisation.node, name="organisation_node"),
    path("organisation/<int:cycle>/<int:unit>/people/", organisation.people, name="organisation_people"),
    path("cycles/", cycles.cycle_list, name="cycles"),
    path("cycles/new/", cycles.cycle_new, name="cycle_new"),
    path("cycles/<int:cycle>/", cycles.cycle_detail, name="cycle"),
    path("cycles/<int:cycle>/open/", cycles.cycle_open_view, name="cycle_open"),
    path("cycles/<int:cycle>/advance/", decision.advance, name="cycle_advance"),
    path("cycles/<int:cycle>/jobs/", jobs.job_progress_view, name="cycle_jobs"),
    path("cycles/<int:cycle>/jobs/<str:kind>/", jobs.job_start_view, name="cycle_job_start"),
]
