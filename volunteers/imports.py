"""What the volunteers app can import (取り込み): volunteers, and groups with their year's registration.

Each row is checked by the staff forms (volunteers/forms/imports.py derive from the staff edit forms), so the
messages and the normalisation — furigana to katakana, full-width digits, phone and postal code formats,
和暦 dates — are the ones the pages give. Rows match stored records on a stable key, so running the same
file again changes nothing: a volunteer by name + furigana + birth date (a sheet kept before this system has no
member number: the login id v00042 is given here),
a group by its name. Possible duplicates (same name and birth date, the same email or phone) are shown in the
preview, never merged.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import imports as core_imports
from config.core.dates import current_fiscal_year, parse_fiscal_year
from config.core.imports import CREATE, ERROR, SKIP, UPDATE, Column, RowResult
from config.core.normalize import kana_search_key, normalize_text

from .forms.imports import GroupImportForm, VolunteerImportForm
from .models import ActivityField, GroupRegistration, Volunteer, VolunteerGroup
from .models.fields import AVAILABILITY_CHOICES, DAYS, PERIODS
from .models.people import Gender, HeardFrom, VolunteerStatus
from .services.groups import GROUP_FIELDS
from .services.imports import (
    STATE_FIELDS,
    WITH_ACCOUNT,
    ImportedGroup,
    ImportedVolunteer,
    groups_import,
    volunteers_import,
)
from .services.people import PROFILE_FIELDS


def _activity_lookup() -> dict[str, ActivityField]:
    return {normalize_text(f.name): f for f in ActivityField.objects.all()}


def _activity_pks(text: str, lookup: dict, result: RowResult, header) -> list[str]:
    pks = []
    for name in core_imports.split_list(text):
        found = lookup.get(normalize_text(name))
        if found is None:
            result.error(
                _("%(header)s：「%(name)s」という分野はありません。分野名は一覧のとおりに書いてください。")
                % {"header": header, "name": name}
            )
        else:
            pks.append(str(found.pk))
    return pks


def _availability_labels() -> dict[str, str]:
    """'月曜午前' and '月午前' → 'mon_am', built once per file (the labels are lazy translations)."""
    labels = {normalize_text(str(label)): code for code, label in AVAILABILITY_CHOICES}
    for code, day in DAYS:
        for period, period_label in PERIODS:
            labels[normalize_text(f"{day}{period_label}")] = f"{code}_{period}"
    return labels


def _availability_codes(text: str, result: RowResult, labels: dict[str, str]) -> list[str]:
    """'月曜午前、水曜午後' → ['mon_am', 'wed_pm']."""
    codes = []
    for part in core_imports.split_list(text):
        code = labels.get(normalize_text(part).replace(" ", ""))
        if code is None:
            result.error(
                _(
                    "活動できる曜日・時間帯：「%(value)s」は読めません。「月曜午前、水曜午後」のように書いてください。"
                )
                % {"value": part}
            )
        else:
            codes.append(code)
    return codes


GENDER_WORDS = {"女": Gender.FEMALE, "男": Gender.MALE, "無回答": Gender.UNSPECIFIED}


class VolunteerImporter(core_imports.Importer):
    kind = "volunteers"
    label = gettext_lazy("ボランティア")
    description = gettext_lazy(
        "ボランティア名簿です。氏名・フリガナ・生年月日が同じ方は同じ人として更新し、"
        "同じ氏名と生年月日・同じメールアドレス・同じ電話番号の方は「重複の可能性」として表示します（まとめません）。"
    )
    model_label = "volunteers.volunteer"
    rows_per_second = 400  # 10,000 rows confirmed in 23 s (README, 取り込み)
    columns = [
        Column("name", gettext_lazy("氏名"), gettext_lazy("西東京 花子"), required=True),
        Column("furigana", gettext_lazy("フリガナ"), gettext_lazy("ニシトウキョウ ハナコ"), required=True),
        Column("birth_date", gettext_lazy("生年月日"), gettext_lazy("昭和25年5月10日")),
        Column("gender", gettext_lazy("性別"), gettext_lazy("女性")),
        Column("postal_code", gettext_lazy("郵便番号"), gettext_lazy("188-0011"), required=True),
        Column("address", gettext_lazy("住所"), gettext_lazy("西東京市田無町5-5-12"), required=True),
        Column("phone", gettext_lazy("電話番号"), gettext_lazy("042-466-3070")),
        Column("email", gettext_lazy("メールアドレス"), gettext_lazy("hanako@example.jp")),
        Column(
            "activity_fields",
            gettext_lazy("活動分野"),
            gettext_lazy("高齢者、子ども"),
            aliases=(gettext_lazy("関心のある活動分野"),),
        ),
        Column("skills", gettext_lazy("特技・資格"), gettext_lazy("手話")),
        Column("availability", gettext_lazy("活動できる曜日・時間帯"), gettext_lazy("月曜午前、水曜午後")),
        Column("availability_note", gettext_lazy("活動できる日時の補足"), ""),
        Column("heard_from", gettext_lazy("センターを知ったきっかけ"), gettext_lazy("ホームページ")),
        Column("status", gettext_lazy("状態"), gettext_lazy("登録済")),
        Column("registered_on", gettext_lazy("登録日"), gettext_lazy("2020/4/1")),
        Column("withdrawn_on", gettext_lazy("退会日"), ""),
        Column("staff_note", gettext_lazy("職員メモ"), ""),
    ]

    def _form_data(self, values: dict[str, str], result: RowResult, fields: dict) -> dict:
        data = {k: v for k, v in values.items() if k not in ("activity_fields", "availability")}
        data["gender"] = (
            core_imports.choice_value(values.get("gender", ""), Gender.choices, GENDER_WORDS)
            or Gender.UNSPECIFIED
            if values.get("gender")
            else Gender.UNSPECIFIED
        )
        if (
            values.get("gender")
            and core_imports.choice_value(values["gender"], Gender.choices, GENDER_WORDS) is None
        ):
            result.error(
                _(
                    "性別：「%(value)s」は読めません。女性・男性・その他・回答しない のどれかを書いてください。"
                )
                % {"value": values["gender"]}
            )
        if values.get("heard_from"):
            data["heard_from"] = (
                core_imports.choice_value(values["heard_from"], HeardFrom.choices) or HeardFrom.OTHER
            )
        if values.get("status"):
            status = core_imports.choice_value(
                values["status"], VolunteerStatus.choices, {"登録": "registered"}
            )
            if status is None:
                result.error(
                    _(
                        "状態：「%(value)s」は読めません。仮登録・登録済・休止・退会 のどれかを書いてください。"
                    )
                    % {"value": values["status"]}
                )
            data["status"] = status or ""
        data["activity_fields"] = _activity_pks(
            values.get("activity_fields", ""), fields, result, _("活動分野")
        )
        data["availability"] = _availability_codes(values.get("availability", ""), result, self._labels)
        return data

    def clean_rows(self, rows):
        fields = _activity_lookup()
        self._labels = _availability_labels()
        runner = core_imports.FormRunner(
            VolunteerImportForm, activity_choices=[(str(f.pk), f.name) for f in fields.values()]
        )
        results = []
        for number, values in rows:
            result = RowResult(number=number, label=normalize_text(values.get("name", "")))
            data = self._form_data(values, result, fields)
            form = runner.run(data)
            for message in core_imports.form_messages(form):
                result.error(message)
            results.append(result)
            if result.action == ERROR:
                continue
            cleaned = form.cleaned_data
            # Only the columns the sheet has: a column left out keeps what is stored.
            profile = {
                k: cleaned.get(k) for k in [*PROFILE_FIELDS, "staff_note", *STATE_FIELDS] if k in values
            }
            profile["name"], profile["furigana"] = cleaned["name"], cleaned["furigana"]
            profile.setdefault("status", cleaned["status"])
            result.label = f"{cleaned['name']}（{cleaned['furigana']}）"
            result.payload = core_imports.to_json(
                {
                    "data": profile,
                    "activity": [int(pk) for pk in data["activity_fields"]]
                    if "activity_fields" in values
                    else None,
                    "key": [
                        cleaned["name"].replace(" ", ""),
                        kana_search_key(cleaned["furigana"]),
                        cleaned.get("birth_date"),
                    ],
                }
            )
        return results

    def match_rows(self, results):
        stored = list(
            Volunteer.objects.values_list(
                "pk", "name", "name_key", "furigana_key", "birth_date", "email", "phone"
            )
        )
        by_key = {(n, f, b): pk for pk, _name, n, f, b, _e, _p in stored}
        names = {pk: name for pk, name, *_rest in stored}
        by_name_birth: dict = {}
        by_email: dict = {}
        by_phone: dict = {}
        for pk, _name, n, _f, b, e, p in stored:
            if b:
                by_name_birth.setdefault((n, b), []).append(pk)
            if e:
                by_email.setdefault(e.lower(), []).append(pk)
            if p:
                by_phone.setdefault(p, []).append(pk)
        seen: dict = {}
        updates = []
        for result in results:
            if result.action == ERROR:
                continue
            payload = core_imports.from_json(result.payload)
            key = tuple(payload["key"])
            if key in seen:
                result.error(
                    _(
                        "%(row)s行目と同じ方です（氏名・フリガナ・生年月日が同じ）。一つの行にまとめてください。"
                    )
                    % {"row": seen[key]}
                )
                continue
            seen[key] = result.number
            existing_pk = by_key.get(key)
            if existing_pk is not None:
                result.action = UPDATE
                result.target = existing_pk
                updates.append(result)
                continue
            result.action = CREATE
            data = payload["data"]
            others = set(by_name_birth.get((key[0], key[2]), [])) if key[2] else set()
            if data.get("email"):
                others |= set(by_email.get(data["email"].lower(), []))
            if data.get("phone"):
                others |= set(by_phone.get(data["phone"], []))
            result.duplicates = [
                _("%(name)s（登録番号 %(pk)s）") % {"name": names[pk], "pk": pk} for pk in sorted(others)
            ]
        self._compare_updates(updates)

    def _compare_updates(self, results: list[RowResult]) -> None:
        """A matched row whose values are all as stored is skipped: a re-run of the same file changes nothing."""
        stored = Volunteer.objects.prefetch_related("activity_fields").in_bulk([r.target for r in results])
        labels = {f.name: f.verbose_name for f in Volunteer._meta.fields}
        for result in results:
            volunteer = stored[result.target]
            result.target = volunteer
            payload = core_imports.from_json(result.payload)
            changed = [
                str(labels.get(name, name))
                for name, value in payload["data"].items()
                if (getattr(volunteer, name) or None) != (value or None)
            ]
            if payload["activity"] is not None:
                if {f.pk for f in volunteer.activity_fields.all()} != set(payload["activity"]):
                    changed.append(str(Volunteer._meta.get_field("activity_fields").verbose_name))
            status = payload["data"].get("status") or volunteer.status
            if status in WITH_ACCOUNT and volunteer.user_id is None:
                # Imported before accounts came with the import: a re-run gives them theirs, then skips them.
                changed.append(_("ログイン用のアカウント"))
            result.changed = changed
            if not changed:
                result.action = SKIP

    def write(self, results, *, by, log):
        fields = {f.pk: f for f in ActivityField.objects.all()}
        rows = []
        for result in results:
            payload = core_imports.from_json(result.payload)
            activity = payload["activity"]
            rows.append(
                ImportedVolunteer(
                    data=payload["data"],
                    activity_fields=[fields[pk] for pk in activity] if activity is not None else None,
                    existing=result.target if result.action == UPDATE else None,
                )
            )
        return volunteers_import(rows=rows, by=by, log=log)


class GroupImporter(core_imports.Importer):
    kind = "groups"
    label = gettext_lazy("団体")
    description = gettext_lazy(
        "団体名簿と、その年度の団体登録です。団体名が同じ団体は同じ団体として更新し、"
        "その年度の登録がまだなければ登録を加えます。年度を空けると今年度です。"
    )
    model_label = "volunteers.volunteergroup"
    columns = [
        Column("name", gettext_lazy("団体名"), gettext_lazy("西東京ひばりの会"), required=True),
        Column(
            "name_kana",
            gettext_lazy("団体名（フリガナ）"),
            gettext_lazy("ニシトウキョウヒバリノカイ"),
            required=True,
            aliases=(gettext_lazy("フリガナ"),),
        ),
        Column("representative_name", gettext_lazy("代表者氏名"), gettext_lazy("西東京 太郎"), required=True),
        Column("contact_name", gettext_lazy("連絡担当者氏名"), gettext_lazy("西東京 花子"), required=True),
        Column("contact_phone", gettext_lazy("連絡先電話番号"), gettext_lazy("042-466-3070"), required=True),
        Column("contact_email", gettext_lazy("連絡先メールアドレス"), gettext_lazy("hibari@example.jp")),
        Column("contact_postal_code", gettext_lazy("連絡先郵便番号"), gettext_lazy("188-0011")),
        Column("contact_address", gettext_lazy("連絡先住所"), gettext_lazy("西東京市田無町5-5-12")),
        Column("members_count", gettext_lazy("会員数"), gettext_lazy("12"), required=True),
        Column("activity_fields", gettext_lazy("活動分野"), gettext_lazy("高齢者")),
        Column("activity_area", gettext_lazy("活動地域"), gettext_lazy("西東京市内")),
        Column("meeting_place", gettext_lazy("活動場所"), gettext_lazy("田無総合福祉センター")),
        Column("meeting_days", gettext_lazy("活動日"), gettext_lazy("毎週水曜日 午後")),
        Column("description", gettext_lazy("団体の紹介"), ""),
        Column("listed_publicly", gettext_lazy("団体紹介に掲載する"), gettext_lazy("○")),
        Column("fiscal_year", gettext_lazy("年度"), gettext_lazy("令和8年度")),
        Column("registration_status", gettext_lazy("登録状態"), gettext_lazy("登録済")),
        Column("staff_note", gettext_lazy("職員メモ"), ""),
    ]

    def clean_rows(self, rows):
        fields = _activity_lookup()
        runner = core_imports.FormRunner(
            GroupImportForm, activity_choices=[(str(f.pk), f.name) for f in fields.values()]
        )
        results = []
        for number, values in rows:
            result = RowResult(number=number, label=normalize_text(values.get("name", "")))
            data = dict(values)
            data["activity_fields"] = _activity_pks(
                values.get("activity_fields", ""), fields, result, _("活動分野")
            )
            data["listed_publicly"] = "on" if core_imports.is_yes(values.get("listed_publicly", "")) else ""
            year = values.get("fiscal_year", "")
            data["fiscal_year"] = str(parse_fiscal_year(year) or year) if year else str(current_fiscal_year())
            status = core_imports.choice_value(
                values.get("registration_status", ""), GroupRegistration.Status.choices, {"登録": "approved"}
            )
            if values.get("registration_status") and status is None:
                result.error(
                    _(
                        "登録状態：「%(value)s」は読めません。申請中・登録済・不承認 のどれかを書いてください。"
                    )
                    % {"value": values["registration_status"]}
                )
            data["registration_status"] = status or GroupRegistration.Status.APPROVED
            form = runner.run(data)
            for message in core_imports.form_messages(form):
                result.error(message)
            results.append(result)
            if result.action == ERROR:
                continue
            cleaned = form.cleaned_data
            always = (
                "name",
                "name_kana",
                "representative_name",
                "contact_name",
                "contact_phone",
                "members_count",
            )
            group_data = {
                k: cleaned.get(k) for k in [*GROUP_FIELDS, "staff_note"] if k in values or k in always
            }
            result.label = cleaned["name"]
            result.payload = {
                "data": group_data,
                "fiscal_year": cleaned["fiscal_year"],
                "status": cleaned["registration_status"] or GroupRegistration.Status.APPROVED,
                "activity": [int(pk) for pk in data["activity_fields"]]
                if "activity_fields" in values
                else None,
                "key": cleaned["name"].replace(" ", ""),
            }
        return results

    def match_rows(self, results):
        stored = {
            normalize_text(g.name).replace(" ", ""): g
            for g in VolunteerGroup.objects.prefetch_related("activity_fields")
        }
        registered = set(GroupRegistration.objects.values_list("group_id", "fiscal_year"))
        labels = {f.name: f.verbose_name for f in VolunteerGroup._meta.fields}
        seen: dict = {}
        for result in results:
            if result.action == ERROR:
                continue
            payload = result.payload
            key = payload["key"]
            if key in seen:
                result.error(
                    _("%(row)s行目と同じ団体名です。一つの行にまとめてください。") % {"row": seen[key]}
                )
                continue
            seen[key] = result.number
            existing = stored.get(key)
            result.target = existing
            if existing is None:
                result.action = CREATE
                continue
            changed = [
                str(labels.get(name, name))
                for name, value in payload["data"].items()
                if (getattr(existing, name) or None) != (value or None)
            ]
            activity = payload["activity"]
            if activity is not None and {f.pk for f in existing.activity_fields.all()} != set(activity):
                changed.append(str(VolunteerGroup._meta.get_field("activity_fields").verbose_name))
            if (existing.pk, payload["fiscal_year"]) not in registered:
                changed.append(_("%(year)s年度の登録") % {"year": payload["fiscal_year"]})
            result.changed = changed
            result.action = UPDATE if changed else SKIP

    def write(self, results, *, by, log):
        fields = {f.pk: f for f in ActivityField.objects.all()}
        registered = set(GroupRegistration.objects.values_list("group_id", "fiscal_year"))
        rows = []
        for result in results:
            payload = result.payload
            existing = result.target if result.action == UPDATE else None
            rows.append(
                ImportedGroup(
                    data=payload["data"],
                    fiscal_year=payload["fiscal_year"],
                    status=payload["status"],
                    activity_fields=[fields[pk] for pk in payload["activity"]]
                    if payload["activity"] is not None
                    else None,
                    existing=existing,
                    needs_registration=existing is None
                    or (existing.pk, payload["fiscal_year"]) not in registered,
                )
            )
        return groups_import(rows=rows, by=by, log=log)


class EnrolmentImporter(core_imports.Importer):
    kind = "insurance"
    label = gettext_lazy("ボランティア保険の加入者（今年度）")
    description = gettext_lazy(
        "今年度のボランティア保険の加入者名簿です（保険会社の加入者名簿の項目）。加入手続きの完了日がある行は加入済、"
        "ない行は申込として取り込みます。同じ方（氏名・フリガナ・生年月日が同じ）は1年度に1件だけです。"
    )
    columns = [
        Column("name", gettext_lazy("氏名"), gettext_lazy("西東京 花子"), required=True),
        Column("furigana", gettext_lazy("フリガナ"), gettext_lazy("ニシトウキョウ ハナコ"), required=True),
        Column("birth_date", gettext_lazy("生年月日"), gettext_lazy("昭和25年5月10日"), required=True),
        Column("plan", gettext_lazy("プラン"), gettext_lazy("基本タイプA"), required=True),
        Column("group", gettext_lazy("団体"), ""),
        Column("receipt_number", gettext_lazy("領収書番号"), ""),
        Column("enrolled_on", gettext_lazy("加入手続きの完了日"), "2026/4/10"),
    ]

    def clean_rows(self, rows):
        from .forms.imports import EnrolmentImportForm
        from .models.insurance import InsuranceKind, InsurancePlan

        runner = core_imports.FormRunner(EnrolmentImportForm)
        fy = current_fiscal_year()
        plans = {
            normalize_text(p.name).replace(" ", ""): p
            for p in InsurancePlan.objects.filter(fiscal_year=fy, kind=InsuranceKind.VOLUNTEER)
        }
        groups = {normalize_text(g.name).replace(" ", ""): g for g in VolunteerGroup.objects.all()}
        results = []
        for number, values in rows:
            result = RowResult(number=number, label=normalize_text(values.get("name", "")))
            form = runner.run(dict(values))
            for message in core_imports.form_messages(form):
                result.error(message)
            cleaned = form.cleaned_data
            plan = plans.get(normalize_text(values.get("plan", "")).replace(" ", ""))
            group = (
                groups.get(normalize_text(values.get("group", "")).replace(" ", ""))
                if values.get("group")
                else None
            )
            if values.get("plan") and plan is None:
                result.error(
                    _("プラン：「%(name)s」は今年度のボランティア保険のプランにありません。")
                    % {"name": normalize_text(values["plan"])}
                )
            if values.get("group") and group is None:
                result.error(
                    _("団体：「%(name)s」という団体は登録されていません。")
                    % {"name": normalize_text(values["group"])}
                )
            if result.action != ERROR:
                result.label = f"{cleaned['name']}（{cleaned['furigana']}）"
                result.payload = core_imports.to_json(
                    {
                        "name": cleaned["name"],
                        "furigana": cleaned["furigana"],
                        "birth_date": cleaned["birth_date"],
                        "plan": plan.pk,
                        "group": group.pk if group else None,
                        "receipt_number": cleaned.get("receipt_number", ""),
                        "enrolled_on": cleaned.get("enrolled_on"),
                    }
                )
            results.append(result)
        return results

    def match_rows(self, results):
        from .models.insurance import Enrolment
        from .services.insurance import _duplicate_message, _matching_volunteer, person_key

        fy = current_fiscal_year()
        held = dict(Enrolment.objects.active().filter(fiscal_year=fy).values_list("person_key", "plan_id"))
        seen: dict[str, int] = {}
        for result in results:
            if result.action == ERROR:
                continue
            p = core_imports.from_json(result.payload)
            volunteer = _matching_volunteer(p["name"], p["furigana"], p["birth_date"])
            key = person_key(
                volunteer=volunteer, name=p["name"], furigana=p["furigana"], birth_date=p["birth_date"]
            )
            if key in seen:
                result.error(
                    _("%(row)s行目と同じ方です。ボランティア保険は1年度に1件です。") % {"row": seen[key]}
                )
                continue
            seen[key] = result.number
            if key in held and held[key] != p["plan"]:
                result.error(_duplicate_message())
                continue
            result.action = SKIP if key in held else CREATE

    def write(self, results, *, by, log):
        from .models.insurance import InsurancePlan
        from .services.imports import enrolments_import

        rows = []
        for result in results:
            p = core_imports.from_json(result.payload)
            p["plan"] = InsurancePlan.objects.get(pk=p["plan"])
            p["group"] = VolunteerGroup.objects.get(pk=p["group"]) if p["group"] else None
            rows.append(p)
        return enrolments_import(rows=rows, by=by, log=log)


def register() -> None:
    core_imports.register(VolunteerImporter())
    core_imports.register(GroupImporter())
    core_imports.register(EnrolmentImporter())
