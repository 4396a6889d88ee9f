from django.urls import path

from . import views

urlpatterns = [
    path("", views.problem_list_page, name="problem-list"),
    path("assign/", views.problem_assign_many_page, name="problem-assign-many"),
    path("departments/", views.problem_departments_page, name="problem-departments"),
    path("queue/", views.problem_queue_page, name="problem-queue"),
    path("mine/", views.my_problems_page, name="my-problems"),
    path("<int:pk>/", views.problem_detail_page, name="problem-detail"),
    path("<int:pk>/<slug:action>/", views.problem_action, name="problem-action"),
]
