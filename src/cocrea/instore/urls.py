from django.urls import path

from cocrea.instore import console_views, dashboard_views

app_name = "instore"
urlpatterns = [
    path("console/instore/", dashboard_views.home, name="dashboard"),
    path("console/instore/export.csv", dashboard_views.export, name="dashboard_export"),
    path("console/stores/", console_views.stores, name="stores"),
    path("console/stores/import/", console_views.stores_import, name="stores_import"),
    path("console/stores/<int:store_id>/", console_views.store_edit, name="store_edit"),
    path("console/catalogue/", console_views.products, name="products"),
    path("console/catalogue/import/", console_views.products_import, name="products_import"),
    path("console/catalogue/<int:product_id>/", console_views.product_edit, name="product_edit"),
    path("console/devices/", console_views.devices, name="devices"),
    path(
        "console/devices/<int:device_id>/revoke/", console_views.device_revoke, name="device_revoke"
    ),
    path(
        "console/devices/<int:device_id>/rotate/", console_views.device_rotate, name="device_rotate"
    ),
    path("console/devices/<int:device_id>/pair/", console_views.device_pair, name="device_pair"),
]
