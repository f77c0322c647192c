from django.urls import path  # noqa: F401

app_name = "volunteers"

# Each subject's views live in volunteers/views/<subject>.py; add their paths here.
urlpatterns = []
