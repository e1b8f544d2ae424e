from django.urls import path

from cocrea.instore import console_views, dashboard_views, list_views, qr_views, shelf_views

app_name = "instore"
urlpatterns = [
    path("console/instore/", dashboard_views.home, name="dashboard"),
    path("console/instore/export.csv", dashboard_views.export, name="dashboard_export"),
    path("console/instore/signals/", dashboard_views.signals, name="signals"),
    path("console/stores/", console_views.stores, name="stores"),
    path("console/stores/import/", console_views.stores_import, name="stores_import"),
    path("console/stores/<int:store_id>/", console_views.store_edit, name="store_edit"),
    path("console/stores/<int:store_id>/qr/", qr_views.page, name="qr"),
    path("console/stores/<int:store_id>/qr/sheet.pdf", qr_views.sheet, name="qr_sheet"),
    path("console/stores/<int:store_id>/qr/<int:product_id>.svg", qr_views.svg, name="qr_svg"),
    path("console/stores/<int:store_id>/qr/<int:product_id>.pdf", qr_views.pdf, name="qr_pdf"),
    path("shelf/<int:store_id>/<int:product_id>/", shelf_views.shelf, name="shelf"),
    path("my-list/", list_views.my_list, name="my_list"),
    path("my-list/tags/<int:link_id>/unlink/", list_views.unlink, name="unlink"),
    path("my-list/<int:item_id>/idea/", list_views.item_idea, name="item_idea"),
    path("console/catalogue/", console_views.products, name="products"),
    path("console/catalogue/import/", console_views.products_import, name="products_import"),
    path("console/catalogue/<int:product_id>/", console_views.product_edit, name="product_edit"),
    path(
        "console/catalogue/<int:product_id>/picture/",
        console_views.product_picture,
        name="product_picture",
    ),
    path("console/devices/", console_views.devices, name="devices"),
    path(
        "console/devices/<int:device_id>/revoke/", console_views.device_revoke, name="device_revoke"
    ),
    path(
        "console/devices/<int:device_id>/rotate/", console_views.device_rotate, name="device_rotate"
    ),
    path("console/devices/<int:device_id>/pair/", console_views.device_pair, name="device_pair"),
]
