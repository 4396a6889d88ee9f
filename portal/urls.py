from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("roster/enterprises/", views.enterprise_list_page, name="enterprise-list"),
    path("roster/enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("roster/officers/", views.officer_list_page, name="officer-list"),
    path("roster/assignments/", views.assignment_list_page, name="assignment-list"),
    path("roster/officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer-detail"),
]
