from django.urls import path

from commune.web import login, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.commune_detail, name="commune"),
    path("c/<slug:slug>/sections/<int:number>/", views.section_detail, name="section"),
    path("login/", login.RateLimitedLoginView.as_view(), name="login"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
]
