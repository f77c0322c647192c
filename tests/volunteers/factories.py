"""factory_boy factories for the volunteers app (people, groups, registrations, coordination)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from config.core import roles
from config.core.dates import current_fiscal_year
from volunteers.models import (
    ActivityField,
    Consultation,
    GroupRegistration,
    HelpRequest,
    Introduction,
    Volunteer,
    VolunteerGroup,
)

KANA = ["ヤマダ タロウ", "スズキ ハナコ", "タナカ イチロウ", "サトウ ヨウコ", "ワタナベ ケン", "イトウ サクラ", "ナカムラ マコト"]


def activity_field(slug="elderly", name="高齢者"):
    return ActivityField.objects.get_or_create(slug=slug, defaults={"name": name})[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            roles.create_roles(Group)
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    name = factory.Sequence(lambda n: f"山田 太郎{n}")
    furigana = factory.Sequence(lambda n: KANA[n % len(KANA)])
    name_key = factory.LazyAttribute(lambda v: v.name.replace(" ", ""))
    furigana_key = factory.LazyAttribute(lambda v: v.furigana.replace(" ", ""))
    birth_date = datetime.date(1955, 6, 1)
    postal_code = "188-0011"
    address = "西東京市田無町5-5-12"
    lives_in_city = True
    phone = factory.Sequence(lambda n: f"042-466-{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"vol{n}@example.jp")
    status = Volunteer._meta.get_field("status").default
    availability = factory.LazyFunction(lambda: ["tue_pm", "sat_am"])

    class Params:
        registered = factory.Trait(status="registered", registered_on=factory.LazyFunction(datetime.date.today))


class VolunteerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerGroup

    name = factory.Sequence(lambda n: f"ひばりの会{n}")
    name_kana = factory.Sequence(lambda n: f"ヒバリノカイ{n}")
    name_kana_key = factory.LazyAttribute(lambda g: g.name_kana.replace(" ", ""))
    representative_name = "田無 太郎"
    contact_name = "田無 花子"
    contact_phone = "042-466-3070"
    contact_email = factory.Sequence(lambda n: f"group{n}@example.jp")
    members_count = 12
    activity_area = "西東京市内"


class GroupRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupRegistration

    group = factory.SubFactory(VolunteerGroupFactory)
    fiscal_year = factory.LazyFunction(current_fiscal_year)
    status = GroupRegistration.Status.APPROVED
    members_count = 12


def registered_group(fiscal_year=None, **kwargs) -> VolunteerGroup:
    """A group registered (approved) for the fiscal year, by default the current one."""
    group = VolunteerGroupFactory(**kwargs)
    GroupRegistrationFactory(group=group, fiscal_year=fiscal_year or current_fiscal_year())
    return group


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    requester_type = HelpRequest.RequesterType.FACILITY
    requester_name = "特別養護老人ホーム けやき苑"
    requester_name_key = factory.LazyAttribute(lambda r: r.requester_name.replace(" ", ""))
    requester_furigana_key = factory.LazyAttribute(lambda r: getattr(r, "requester_furigana", "").replace(" ", ""))
    requester_phone = "042-461-0000"
    title = factory.Sequence(lambda n: f"話し相手ボランティア{n}")
    description = "入居者の話し相手をお願いします。"
    received_on = factory.LazyFunction(datetime.date.today)


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    request = factory.SubFactory(HelpRequestFactory)
    volunteer = factory.SubFactory(VolunteerFactory, registered=True)
    introduced_on = factory.LazyFunction(datetime.date.today)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    received_on = factory.LazyFunction(datetime.date.today)
    channel = Consultation.Channel.PHONE
    person_name = "相談 太郎"
    person_name_key = factory.LazyAttribute(lambda c: c.person_name.replace(" ", ""))
    person_furigana_key = factory.LazyAttribute(lambda c: getattr(c, "person_furigana", "").replace(" ", ""))
    category = Consultation.Category.WANT_TO_HELP
    content = "活動を始めたい"
    staff = factory.SubFactory(UserFactory)
