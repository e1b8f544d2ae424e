from django.urls import path

from cocrea.api import views

app_name = "apikeys"
urlpatterns = [
    path("console/api-keys/", views.keys, name="keys"),
    path("console/api-keys/<int:key_id>/revoke/", views.key_revoke_view, name="key_revoke"),
    path("me/api-tokens/", views.tokens, name="tokens"),
    path("me/api-tokens/<int:key_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
