from django.urls import path

from bare import views

urlpatterns = [
    path("vote/<int:idea_id>/", views.vote),
    path("list/", views.idea_list),
]
