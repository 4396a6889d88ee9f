from django.urls import path

from . import views

app_name = "branches"

urlpatterns = [
    path("", views.branch_list_page, name="list"),
    path("new/", views.branch_create_page, name="new"),
    path("mine/", views.my_visits_page, name="mine"),
    path("uncovered/", views.uncovered_page, name="uncovered"),
    path("compliance/", views.region_compliance_page, name="region-compliance"),
    path("<int:pk>/", views.branch_detail_page, name="detail"),
    path("<int:pk>/compliance/", views.branch_compliance_page, name="compliance"),
    path("<int:pk>/enterprises/add/", views.branch_cover_page, name="cover"),
    path("<int:pk>/members/add/", views.member_add_page, name="member-add"),
    path("<int:pk>/resources/add/", views.resource_add_page, name="resource-add"),
    path("<int:pk>/demands/add/", views.demand_add_page, name="demand-add"),
    path("members/<int:pk>/visit/", views.visit_log_page, name="visit-log"),
    path("members/<int:pk>/leave/", views.member_leave, name="member-leave"),
    path("demands/<int:pk>/", views.demand_detail_page, name="demand"),
    path("visits/", views.visit_list_page, name="visits"),
    path("visits/<int:pk>/", views.visit_detail_page, name="visit"),
]
