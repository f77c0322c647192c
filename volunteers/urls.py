from . import urls_coordination, urls_insurance, urls_people

app_name = "volunteers"

# People, groups and my page (urls_people); consultations and coordination (urls_coordination);
# insurance (urls_insurance).
urlpatterns = [*urls_people.urlpatterns, *urls_coordination.urlpatterns, *urls_insurance.urlpatterns]
