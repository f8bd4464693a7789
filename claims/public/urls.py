"""The public site: verdict pages, speaker pages, feeds, sitemap and robots.txt."""

from django.urls import path

from claims.public import feeds, sitemaps, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("fact-checks/<int:pk>-<slug:slug>/", views.verdict, name="verdict"),
    path("fact-checks/<int:pk>/", views.verdict, name="verdict-short"),
    path("speakers/<int:pk>-<slug:slug>/", views.speaker, name="speaker"),
    path("speakers/<int:pk>/", views.speaker, name="speaker-short"),
    path("feeds/verdicts.atom", feeds.AtomVerdictFeed(), name="feed-atom"),
    path("feeds/verdicts.rss", feeds.RssVerdictFeed(), name="feed-rss"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
