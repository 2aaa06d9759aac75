from django.urls import path

from legal import views
from legal.models import DocumentKind

app_name = "legal"

# /privacy/, /terms/, /accessibility/, /contact/ and each published version at .../v/<n>/
urlpatterns = [
    pattern
    for kind in DocumentKind.values
    for pattern in (
        path(f"{kind}/", views.legal_page, {"kind": kind}, name=kind),
        path(f"{kind}/v/<int:number>/", views.legal_page, {"kind": kind}, name=f"{kind}_version"),
    )
]
