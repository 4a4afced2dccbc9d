from __future__ import annotations

from django.urls import path

from danhgia.apps.consultation.views import conference, opinions, synthesis

app_name = "consultation"
urlpatterns = [
    path("", opinions.consultation_list, name="list"),
    path("new/", synthesis.consultation_open, name="open"),
    path("<int:pk>/", opinions.consultation_page, name="page"),
    path("<int:pk>/comments/", opinions.comment_create, name="comment_create"),
    path("<int:pk>/comments/<int:comment_pk>/delete/", opinions.comment_remove, name="comment_delete"),
    path("<int:pk>/comments/<int:comment_pk>/attach/", opinions.attachment_create, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", opinions.attachment_file, name="attachment"),
    path("<int:pk>/provisions/<int:provision_pk>/rules/", opinions.rules_link, name="rules_link"),
    path("<int:pk>/opinion/", opinions.opinion_send, name="opinion_send"),
    path("<int:pk>/synthesis/", synthesis.synthesis_page, name="synthesis"),
    path("<int:pk>/synthesis/group/", synthesis.group_create, name="group"),
    path("<int:pk>/synthesis/<int:comment_pk>/decide/", synthesis.decide, name="decide"),
    path("<int:pk>/synthesis/revise/", synthesis.revise, name="revise"),
    path("<int:pk>/synthesis/remind/", synthesis.remind, name="remind"),
    path("<int:pk>/synthesis/close/", synthesis.close, name="close"),
    path("<int:pk>/synthesis.<str:kind>", synthesis.export, name="export"),
    path("<int:pk>/versions/<int:number>/", synthesis.version_page, name="version"),
    path("<int:pk>/conference/", conference.conference_page, name="conference"),
    path("<int:pk>/conference/new/", conference.session_open, name="session_open"),
    path("<int:pk>/conference/<int:session_pk>/present/", conference.present, name="present"),
    path("<int:pk>/conference/<int:session_pk>/turn/", conference.turn, name="turn"),
    path("<int:pk>/conference/<int:session_pk>/note/", conference.note, name="note"),
]
