from django.urls import path

from cocrea.customizer import console_views, views

app_name = "customizer"
urlpatterns = [
    path("products/", views.products, name="products"),
    path("products/<slug:product_slug>/customize/", views.customize, name="customize"),
    path("products/<slug:product_slug>/preview/", views.preview, name="preview"),
    path("designs/", views.my_designs, name="my_designs"),
    path("designs/<int:design_id>/", views.design_edit, name="design_edit"),
    path("designs/<int:design_id>/delete/", views.design_delete, name="design_delete"),
    path("designs/<int:design_id>/share/", views.design_share_reset, name="design_share_reset"),
    path("d/<str:token>/", views.shared, name="shared"),
    path("console/products/", console_views.console, name="console"),
    path("console/products/new/", console_views.console_create, name="console_create"),
    path(
        "console/products/<int:product_id>/", console_views.console_product, name="console_product"
    ),
    path("console/products/<int:product_id>/parts/", console_views.part_create, name="part_create"),
    path(
        "console/products/<int:product_id>/incompatibilities/",
        console_views.incompatibility_add,
        name="incompatibility_add",
    ),
    path(
        "console/products/<int:product_id>/blocked-words/",
        console_views.blocked_words,
        name="blocked_words",
    ),
    path("console/products/<int:product_id>/stats/", console_views.stats, name="console_stats"),
    path("console/parts/<int:part_id>/", console_views.part_edit, name="part_edit"),
    path("console/parts/<int:part_id>/delete/", console_views.part_delete, name="part_delete"),
    path("console/parts/<int:part_id>/options/", console_views.option_create, name="option_create"),
    path("console/options/<int:option_id>/", console_views.option_edit, name="option_edit"),
    path(
        "console/options/<int:option_id>/delete/", console_views.option_delete, name="option_delete"
    ),
    path(
        "console/incompatibilities/<int:incompatibility_id>/delete/",
        console_views.incompatibility_delete,
        name="incompatibility_delete",
    ),
]
