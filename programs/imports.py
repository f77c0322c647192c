"""What the programs app can import (取り込み): room bookings (a weekly one for the rest of the fiscal year)
and the groups holding lockers in a fiscal year.

Rows are checked with the forms in programs/forms.py (the booking form's day, time and purpose fields) and
against the same rules the pages keep: the site is open, the time lies in the room's hours, the group is
registered for the fiscal year of the day, and no other booking overlaps (a clash is reported with the
row number); a locker has one holder a year and a group no more than the site's cap. The group rules for
new online bookings (how far ahead, monthly caps) are not applied: these bookings were already agreed.
Re-running the same file changes nothing: a booking that is already stored (same room, group and times)
and a locker already held by the same group are skipped.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import imports as core_imports
from config.core.dates import current_fiscal_year, fiscal_year, fiscal_year_end, parse_fiscal_year
from config.core.imports import CREATE, ERROR, SKIP, UPDATE, Column, RowResult
from config.core.models import Site
from config.core.normalize import normalize_text
from volunteers.models import VolunteerGroup

from .forms import BookingImportForm, LockerImportForm
from .models import OVERLAP_MESSAGE, Locker, LockerAssignment, LockerRules, Room, RoomBooking
from .services.imports import equipment_import, lockers_import, room_bookings_import
from .services.lockers import _cap_message, _not_registered_message
from .services.rooms import aware, check_room_open, not_registered_message


def _key(text: str) -> str:
    return normalize_text(text).replace(" ", "")


def _sites() -> dict[str, Site]:
    found = {}
    for site in Site.objects.all():
        found[_key(site.name)] = site
        found[_key(site.short_name)] = site
    return found


def _groups() -> dict[str, VolunteerGroup]:
    return {_key(g.name): g for g in VolunteerGroup.objects.all()}


def _registered() -> set[tuple[int, int]]:
    from volunteers.models import GroupRegistration

    return set(
        GroupRegistration.objects.filter(status=GroupRegistration.Status.APPROVED).values_list(
            "group_id", "fiscal_year"
        )
    )


class BookingImporter(core_imports.Importer):
    kind = "room_bookings"
    label = gettext_lazy("部屋の予約")
    description = gettext_lazy(
        "団体の部屋の予約です。「繰り返し」に「毎週」と書くと、同じ曜日・時間で年度末（または繰り返しの最終日）まで毎週予約します"
        "（休所日は除きます）。ほかの予約と重なる行は取り込みません。"
    )
    columns = [
        Column("site", gettext_lazy("拠点"), gettext_lazy("田無"), required=True),
        Column("room", gettext_lazy("部屋"), gettext_lazy("第1会議室"), required=True),
        Column("group", gettext_lazy("団体"), gettext_lazy("西東京ひばりの会"), required=True),
        Column("day", gettext_lazy("利用日"), gettext_lazy("2026/6/3"), required=True),
        Column("start", gettext_lazy("開始時刻"), gettext_lazy("10:00"), required=True),
        Column("end", gettext_lazy("終了時刻"), gettext_lazy("12:00"), required=True),
        Column("purpose", gettext_lazy("利用目的"), gettext_lazy("定例会"), required=True),
        Column("repeat", gettext_lazy("繰り返し"), gettext_lazy("毎週")),
        Column("repeat_until", gettext_lazy("繰り返しの最終日"), ""),
    ]

    def clean_rows(self, rows):
        runner = core_imports.FormRunner(BookingImportForm)
        sites, groups = _sites(), _groups()
        rooms = {(r.site_id, _key(r.name)): r for r in Room.objects.all()}
        results = []
        for number, values in rows:
            result = RowResult(
                number=number, label=" ".join(v for v in (values.get("group"), values.get("day")) if v)
            )
            data = dict(values)
            data["repeat"] = (
                "weekly" if normalize_text(values.get("repeat", "")) in ("毎週", "weekly", "○") else ""
            )
            if values.get("repeat") and not data["repeat"]:
                result.error(_("繰り返し：「毎週」か空欄にしてください。"))
            form = runner.run(data)
            for message in core_imports.form_messages(form):
                result.error(message)
            if form.errors:
                results.append(result)
                continue
            cleaned = form.cleaned_data
            site = sites.get(_key(cleaned["site"]))
            room = rooms.get((site.pk, _key(cleaned["room"]))) if site else None
            group = groups.get(_key(cleaned["group"]))
            if site is None:
                result.error(_("拠点：「%(name)s」という拠点はありません。") % {"name": cleaned["site"]})
            elif room is None:
                result.error(
                    _("部屋：%(site)sに「%(name)s」という部屋はありません。")
                    % {"site": site, "name": cleaned["room"]}
                )
            if group is None:
                result.error(
                    _("団体：「%(name)s」という団体は登録されていません。先に団体を取り込んでください。")
                    % {"name": cleaned["group"]}
                )
            if result.action == ERROR:
                results.append(result)
                continue
            day = cleaned["day"]
            days = [day]
            if cleaned["repeat"]:
                last = min(
                    cleaned.get("repeat_until") or fiscal_year_end(fiscal_year(day)),
                    fiscal_year_end(fiscal_year(day)),
                )
                while days[-1] + datetime.timedelta(days=7) <= last:
                    days.append(days[-1] + datetime.timedelta(days=7))
            times = []
            for one in days:
                start, end = aware(one, cleaned["start"]), aware(one, cleaned["end"])
                try:
                    check_room_open(room=room, start=start, end=end)
                except ValidationError as exc:
                    if not cleaned["repeat"] or exc.code != "closed":
                        result.error(exc.messages[0])
                        break
                    continue  # a weekly booking passes over the site's closed days
                times.append([start.isoformat(), end.isoformat()])
            result.label = f"{group.name} {room} {core_imports.cell_text(day)} {cleaned['start']:%H:%M}〜{cleaned['end']:%H:%M}"
            if cleaned["repeat"] and result.action != ERROR:
                result.label += " " + _("毎週（%(count)s回）") % {"count": len(times)}
            result.payload = {
                "room": room.pk,
                "group": group.pk,
                "times": times,
                "purpose": cleaned["purpose"],
            }
            results.append(result)
        return results

    def match_rows(self, results):
        registered = _registered()
        wanted = [r for r in results if r.action != ERROR]
        times = [
            (datetime.datetime.fromisoformat(s), datetime.datetime.fromisoformat(e))
            for r in wanted
            for s, e in r.payload["times"]
        ]
        stored = []
        if times:
            first, last = min(t[0] for t in times), max(t[1] for t in times)
            stored = list(
                RoomBooking.objects.active()
                .filter(room_id__in={r.payload["room"] for r in wanted}, during__overlap=(first, last))
                .select_related("group")
                .values_list("room_id", "group_id", "during", "group__name", "kind")
            )
        taken: list[tuple[int, datetime.datetime, datetime.datetime, int]] = []
        for result in wanted:
            payload = result.payload
            occurrences = [
                (datetime.datetime.fromisoformat(s), datetime.datetime.fromisoformat(e))
                for s, e in payload["times"]
            ]
            if not occurrences:
                result.error(_("予約できる日がありません（すべて休所日です）。"))
                continue
            fy_missing = sorted(
                {fiscal_year(timezone.localtime(s).date()) for s, _e in occurrences}
                - {fy for g, fy in registered if g == payload["group"]}
            )
            if fy_missing:
                result.error(not_registered_message(timezone.localtime(occurrences[0][0]).date()))
                continue
            same = 0
            for start, end in occurrences:
                for room_id, group_id, during, group_name, kind in stored:
                    if room_id != payload["room"] or not (during.lower < end and start < during.upper):
                        continue
                    if group_id == payload["group"] and during.lower == start and during.upper == end:
                        same += 1
                        continue
                    result.error(
                        _("%(day)s %(start)s〜%(end)s：%(message)s（%(who)s）")
                        % {
                            "day": core_imports.cell_text(timezone.localtime(start).date()),
                            "start": f"{timezone.localtime(during.lower):%H:%M}",
                            "end": f"{timezone.localtime(during.upper):%H:%M}",
                            "message": OVERLAP_MESSAGE,
                            "who": group_name or RoomBooking.Kind(kind).label,
                        }
                    )
                    break
                for room_id, s, e, number in taken:
                    if room_id == payload["room"] and s < end and start < e:
                        result.error(_("%(row)s行目の予約と時間が重なります。") % {"row": number})
                        break
                if result.action == ERROR:
                    break
            if result.action == ERROR:
                continue
            if same == len(occurrences):
                result.action = SKIP
                continue
            if same:
                result.error(
                    _("この予約の一部はすでに登録されています。登録済みの回を消した行にしてください。")
                )
                continue
            result.action = CREATE
            taken += [(payload["room"], s, e, result.number) for s, e in occurrences]

    def write(self, results, *, by, log):
        rooms = Room.objects.in_bulk({r.payload["room"] for r in results})
        groups = VolunteerGroup.objects.in_bulk({r.payload["group"] for r in results})
        rows = [
            (
                rooms[r.payload["room"]],
                groups[r.payload["group"]],
                [
                    (datetime.datetime.fromisoformat(s), datetime.datetime.fromisoformat(e))
                    for s, e in r.payload["times"]
                ],
                r.payload["purpose"],
            )
            for r in results
        ]
        return [
            (RoomBooking._meta.label_lower, b.pk, "create")
            for b in room_bookings_import(rows=rows, by=by, log=log)
        ]


class LockerImporter(core_imports.Importer):
    kind = "lockers"
    label = gettext_lazy("ロッカーの使用団体")
    description = gettext_lazy(
        "年度ごとのロッカーの使用団体です。年度を空けると今年度です。同じロッカーを同じ年度に別の団体が使っている行は取り込みません。"
    )
    columns = [
        Column("site", gettext_lazy("拠点"), gettext_lazy("田無"), required=True),
        Column("number", gettext_lazy("ロッカー番号"), gettext_lazy("1"), required=True),
        Column("group", gettext_lazy("団体"), gettext_lazy("西東京ひばりの会"), required=True),
        Column("fiscal_year", gettext_lazy("年度"), ""),
    ]

    def clean_rows(self, rows):
        runner = core_imports.FormRunner(LockerImportForm)
        sites, groups = _sites(), _groups()
        lockers = {(lk.site_id, _key(lk.number)): lk for lk in Locker.objects.all()}
        results = []
        for number, values in rows:
            result = RowResult(
                number=number, label=" ".join(v for v in (values.get("number"), values.get("group")) if v)
            )
            data = dict(values)
            year = values.get("fiscal_year", "")
            data["fiscal_year"] = str(parse_fiscal_year(year) or year) if year else str(current_fiscal_year())
            form = runner.run(data)
            for message in core_imports.form_messages(form):
                result.error(message)
            if form.errors:
                results.append(result)
                continue
            cleaned = form.cleaned_data
            site = sites.get(_key(cleaned["site"]))
            locker = lockers.get((site.pk, _key(cleaned["number"]))) if site else None
            group = groups.get(_key(cleaned["group"]))
            if site is None:
                result.error(_("拠点：「%(name)s」という拠点はありません。") % {"name": cleaned["site"]})
            elif locker is None:
                result.error(
                    _("ロッカー番号：%(site)sに%(number)s番のロッカーはありません。")
                    % {"site": site, "number": cleaned["number"]}
                )
            if group is None:
                result.error(
                    _("団体：「%(name)s」という団体は登録されていません。先に団体を取り込んでください。")
                    % {"name": cleaned["group"]}
                )
            if result.action != ERROR:
                result.label = f"{locker} {group.name} {cleaned['fiscal_year']}"
                result.payload = {
                    "locker": locker.pk,
                    "group": group.pk,
                    "fiscal_year": cleaned["fiscal_year"],
                }
            results.append(result)
        return results

    def match_rows(self, results):
        registered = _registered()
        wanted = [r for r in results if r.action != ERROR]
        lockers = Locker.objects.select_related("site").in_bulk({r.payload["locker"] for r in wanted})
        groups = VolunteerGroup.objects.in_bulk({r.payload["group"] for r in wanted})
        held = {
            (a.locker_id, a.fiscal_year): a
            for a in LockerAssignment.objects.held().filter(locker_id__in=lockers).select_related("group")
        }
        counts: dict[tuple[int, int, int], int] = {}
        for a in LockerAssignment.objects.held().filter(group_id__in=groups):
            counts[(a.group_id, a.site_id, a.fiscal_year)] = (
                counts.get((a.group_id, a.site_id, a.fiscal_year), 0) + 1
            )
        caps = {site.pk: LockerRules.cap_for(site) for site in {lk.site for lk in lockers.values()}}
        seen: dict[tuple[int, int], int] = {}
        for result in wanted:
            p = result.payload
            locker, group, fy = lockers[p["locker"]], groups[p["group"]], p["fiscal_year"]
            holder = held.get((locker.pk, fy))
            if holder is not None and holder.group_id == group.pk:
                result.action = SKIP
                continue
            if holder is not None:
                result.error(
                    _("%(locker)sは%(fy)s年度、「%(group)s」がすでに使っています。")
                    % {"locker": locker, "fy": fy, "group": holder.group.name}
                )
                continue
            if (locker.pk, fy) in seen:
                result.error(_("%(row)s行目と同じロッカー・同じ年度です。") % {"row": seen[(locker.pk, fy)]})
                continue
            if (group.pk, fy) not in registered:
                result.error(_not_registered_message(group, fy))
                continue
            key = (group.pk, locker.site_id, fy)
            if counts.get(key, 0) >= caps[locker.site_id]:
                result.error(_cap_message(group, locker.site, fy, counts.get(key, 0), caps[locker.site_id]))
                continue
            counts[key] = counts.get(key, 0) + 1
            seen[(locker.pk, fy)] = result.number
            result.action = CREATE
            result.target = (locker, group, fy)

    def write(self, results, *, by, log):
        written = lockers_import(rows=[r.target for r in results], by=by, log=log)
        return [(LockerAssignment._meta.label_lower, a.pk, "create") for a in written]


class EquipmentImporter(core_imports.Importer):
    kind = "equipment"
    label = gettext_lazy("機材（品目と管理番号）")
    description = gettext_lazy(
        "1行が1台（管理番号）です。品目名が同じ行は同じ品目になり、まだない品目は作ります。料金は品目ごとに同じにしてください。"
        "管理番号が同じ機材は同じ機材として更新します。"
    )
    columns = [
        Column("name", gettext_lazy("品目名"), gettext_lazy("車椅子"), required=True),
        Column("site", gettext_lazy("拠点"), gettext_lazy("田無"), required=True),
        Column("code", gettext_lazy("管理番号"), "T-01", required=True),
        Column("condition", gettext_lazy("状態"), gettext_lazy("良好")),
        Column("notes", gettext_lazy("備考"), ""),
        Column("fee_per_loan", gettext_lazy("1回の貸出料（円）"), "300"),
        Column("fee_per_extra_day", gettext_lazy("延長1日あたりの料金（円）"), "100"),
        Column("deposit", gettext_lazy("保証金（円）"), "0"),
        Column("description", gettext_lazy("説明"), ""),
    ]
    KIND_KEYS = ("description", "fee_per_loan", "fee_per_extra_day", "deposit")

    def clean_rows(self, rows):
        from .forms import EquipmentImportForm
        from .models import EquipmentUnit

        runner = core_imports.FormRunner(EquipmentImportForm)
        sites = _sites()
        results = []
        for number, values in rows:
            result = RowResult(
                number=number, label=" ".join(v for v in (values.get("name"), values.get("code")) if v)
            )
            data = dict(values)
            for key in ("fee_per_loan", "fee_per_extra_day", "deposit"):
                data[key] = values.get(key) or "0"
            condition = core_imports.choice_value(
                values.get("condition", ""), EquipmentUnit.Condition.choices
            )
            if values.get("condition") and condition is None:
                result.error(
                    _(
                        "状態：「%(value)s」は読めません。良好・使用感あり・要点検・破損 のどれかを書いてください。"
                    )
                    % {"value": values["condition"]}
                )
            data["condition"] = condition or EquipmentUnit.Condition.GOOD
            form = runner.run(data)
            for message in core_imports.form_messages(form):
                result.error(message)
            cleaned = form.cleaned_data
            site = sites.get(_key(values.get("site", "")))
            if values.get("site") and site is None:
                result.error(
                    _("拠点：「%(name)s」という拠点はありません。") % {"name": normalize_text(values["site"])}
                )
            if result.action != ERROR:
                result.label = f"{cleaned['name']} {cleaned['code']}"
                result.payload = {
                    "kind": cleaned["name"],
                    "kind_data": {k: cleaned[k] for k in self.KIND_KEYS if k in values},
                    "unit": {
                        "site_id": site.pk,
                        "code": cleaned["code"],
                        **{k: cleaned[k] for k in ("condition", "notes") if k in values},
                    },
                }
            results.append(result)
        return results

    def match_rows(self, results):
        from .models import EquipmentKind, EquipmentUnit

        kinds = {_key(k.name): k for k in EquipmentKind.objects.all()}
        units = {_key(u.code): u for u in EquipmentUnit.objects.select_related("kind")}
        first_of_kind: dict[str, RowResult] = {}
        codes: dict[str, int] = {}
        for result in results:
            if result.action == ERROR:
                continue
            p = result.payload
            code, kind_key = _key(p["unit"]["code"]), _key(p["kind"])
            if code in codes:
                result.error(_("%(row)s行目と同じ管理番号です。") % {"row": codes[code]})
                continue
            first = first_of_kind.get(kind_key)
            if first is not None and any(
                first.payload["kind_data"].get(k, v) != v for k, v in p["kind_data"].items()
            ):
                result.error(
                    _("品目「%(kind)s」の料金・説明が%(row)s行目と違います。品目ごとに同じにしてください。")
                    % {"kind": p["kind"], "row": first.number}
                )
                continue
            codes[code] = result.number
            existing_kind = kinds.get(kind_key)
            kind_changed = (
                first is None
                and existing_kind is not None
                and any(getattr(existing_kind, k) != v for k, v in p["kind_data"].items())
            )
            if first is None:
                first_of_kind[kind_key] = result
            unit = units.get(code)
            result.target = {"kind": existing_kind, "unit": unit}
            if unit is None:
                result.action = CREATE
                continue
            unit_changed = unit.kind.name != p["kind"] or any(
                getattr(unit, k) != v for k, v in p["unit"].items()
            )
            result.target["unit_changed"] = unit_changed
            result.action = UPDATE if unit_changed or kind_changed else SKIP

    def write(self, results, *, by, log):
        kinds: dict[str, dict] = {}
        units = []
        for result in results:
            p = result.payload
            kinds.setdefault(p["kind"], {"data": p["kind_data"], "existing": result.target["kind"]})
            if result.target["unit"] is None or result.target.get("unit_changed"):
                units.append((p["kind"], p["unit"], result.target["unit"]))
        return equipment_import(kinds=kinds, units=units, by=by, log=log)


ATTENDED_WORDS = {"○": True, "〇": True, "◯": True, "出席": True, "×": False, "✕": False, "欠席": False}


def _member_number(text: str) -> str:
    """会員番号 as staff write it: v00042, V42 or 42 are the login id v00042 (volunteers' account numbers)."""
    text = normalize_text(text).replace(" ", "").lower()
    digits = text[1:] if text.startswith("v") else text
    return f"v{int(digits):05d}" if digits.isdigit() else text


class EventImporter(core_imports.Importer):
    kind = "events"
    label = gettext_lazy("講座・イベントと参加者")
    description = gettext_lazy(
        "1行が1人の参加者です（参加者の欄が空の行は講座・イベントだけを作ります）。講座・イベント名と開催日が同じ行は"
        "同じ講座・イベントになり、登録済みの講座・イベントはそのまま使います（内容は変えません）。参加者は会員番号か、"
        "氏名・フリガナ・生年月日が登録ボランティアと同じならその方として、ほかは一般の参加者として取り込みます。"
        "定員と1人1件の決まりは申込の画面と同じです。参加者へのお知らせは送りません。"
    )
    columns = [
        Column(
            "title", gettext_lazy("講座・イベント名"), gettext_lazy("ボランティアはじめて講座"), required=True
        ),
        Column("event_type", gettext_lazy("種類"), gettext_lazy("ボランティアはじめて講座"), required=True),
        Column("day", gettext_lazy("開催日"), gettext_lazy("2026/5/16"), required=True),
        Column("start", gettext_lazy("開始時刻"), gettext_lazy("10:00"), required=True),
        Column("end", gettext_lazy("終了時刻"), gettext_lazy("12:00"), required=True),
        Column("place", gettext_lazy("会場"), gettext_lazy("田無総合福祉センター 第1会議室"), required=True),
        Column(
            "capacity",
            gettext_lazy("定員"),
            gettext_lazy("30"),
            required=True,
            aliases=(gettext_lazy("定員（人）"),),
        ),
        Column("member_number", gettext_lazy("会員番号"), ""),
        Column("name", gettext_lazy("氏名"), gettext_lazy("西東京 花子")),
        Column("furigana", gettext_lazy("フリガナ"), gettext_lazy("ニシトウキョウ ハナコ")),
        Column("birth_date", gettext_lazy("生年月日"), gettext_lazy("昭和25年5月10日")),
        Column("phone", gettext_lazy("電話番号"), gettext_lazy("042-466-3070")),
        Column("email", gettext_lazy("メールアドレス"), ""),
        Column("people", gettext_lazy("人数"), gettext_lazy("1")),
        Column("status", gettext_lazy("参加状況"), gettext_lazy("参加")),
        Column("attended", gettext_lazy("出席"), gettext_lazy("○")),
    ]
    EVENT_KEYS = ("event_type", "start", "end", "place", "capacity")
    rows_per_second = 500  # 10,000 participants confirmed in 18 s (README, 取り込み)

    def clean_rows(self, rows):
        from .forms import EventImportForm
        from .models import EventSignup, EventType

        runner = core_imports.FormRunner(EventImportForm)
        types: dict[str, EventType] = {}
        for event_type in EventType.objects.all():
            types[_key(event_type.name)] = event_type
            types[_key(event_type.key)] = event_type
        results = []
        for number, values in rows:
            result = RowResult(
                number=number,
                label=" ".join(v for v in (values.get("title"), values.get("day"), values.get("name")) if v),
            )
            data = dict(values)
            if values.get("status"):
                status = core_imports.choice_value(
                    values["status"],
                    EventSignup.Status.choices,
                    {"キャンセル": "cancelled", "取り消し": "cancelled"},
                )
                if status is None:
                    result.error(
                        _(
                            "参加状況：「%(value)s」は読めません。参加・キャンセル待ち・取消 のどれかを書いてください。"
                        )
                        % {"value": values["status"]}
                    )
                data["status"] = status or ""
            attended = None
            if values.get("attended"):
                attended = ATTENDED_WORDS.get(normalize_text(values["attended"]))
                if attended is None:
                    result.error(
                        _(
                            "出席：「%(value)s」は読めません。出席は○、欠席は×、記録しないときは空欄にしてください。"
                        )
                        % {"value": values["attended"]}
                    )
            form = runner.run(data)
            for message in core_imports.form_messages(form):
                result.error(message)
            cleaned = form.cleaned_data
            event_type = types.get(_key(values.get("event_type", "")))
            if values.get("event_type") and event_type is None:
                result.error(
                    _("種類：「%(name)s」という講座・イベントの種類はありません。（%(names)s）")
                    % {
                        "name": normalize_text(values["event_type"]),
                        "names": "、".join(t.name for t in EventType.objects.all()),
                    }
                )
            person = bool(cleaned.get("member_number") or cleaned.get("name"))
            if not person and (cleaned.get("status") or attended is not None or values.get("people")):
                result.error(_("参加者の会員番号か氏名を書いてください。"))
            if person and attended is not None and cleaned.get("status") in ("waiting", "cancelled"):
                result.error(_("出席は、参加の方にだけ記録できます。"))
            if result.action == ERROR:
                results.append(result)
                continue
            result.label = f"{cleaned['title']} {core_imports.cell_text(cleaned['day'])}"
            if person:
                result.label += f" {cleaned.get('name') or cleaned['member_number']}"
            result.payload = core_imports.to_json(
                {
                    "key": [_key(cleaned["title"]), cleaned["day"]],
                    "event": {
                        "title": cleaned["title"],
                        "event_type": event_type.pk,
                        "day": cleaned["day"],
                        "start": cleaned["start"].strftime("%H:%M"),
                        "end": cleaned["end"].strftime("%H:%M"),
                        "place": cleaned["place"],
                        "capacity": cleaned["capacity"],
                    },
                    "person": {
                        "member_number": _member_number(cleaned["member_number"])
                        if cleaned.get("member_number")
                        else "",
                        "name": cleaned.get("name", ""),
                        "furigana": cleaned.get("furigana", ""),
                        "birth_date": cleaned.get("birth_date"),
                        "email": cleaned.get("email", ""),
                        "phone": cleaned.get("phone", ""),
                        "people": cleaned.get("people") or 1,
                        "status": cleaned.get("status", ""),
                        "attended": attended,
                    }
                    if person
                    else None,
                }
            )
            results.append(result)
        return results

    def match_rows(self, results):
        from django.db.models import Min

        from config.core.normalize import kana_search_key
        from volunteers.models import Volunteer

        from .models import Event, EventSignup
        from .services.events import _check_audience
        from .services.imports import capacity_message

        wanted = [r for r in results if r.action != ERROR]
        stored_events: dict[tuple[str, datetime.date], Event] = {}
        for event in Event.objects.annotate(first=Min("sessions__starts_at")).filter(first__isnull=False):
            stored_events.setdefault((_key(event.title), timezone.localtime(event.first).date()), event)
        by_number, by_key = {}, {}
        for pk, username, name_key, furigana_key, birth in Volunteer.objects.values_list(
            "pk", "user__username", "name_key", "furigana_key", "birth_date"
        ):
            if username:
                by_number[username.lower()] = pk
            if birth:
                by_key[(name_key, furigana_key, birth)] = pk

        def person_key(volunteer, p):
            if volunteer:
                return ("v", volunteer)
            if p["email"]:
                return ("e", p["email"].lower())
            return (
                "g",
                normalize_text(p["name"]).replace(" ", ""),
                kana_search_key(p["furigana"]),
                p["phone"],
            )

        matched = {event.pk for event in stored_events.values()}
        signed: dict[int, dict] = {pk: {} for pk in matched}
        confirmed: dict = {pk: 0 for pk in matched}
        waiting: dict = {pk: False for pk in matched}
        for signup in EventSignup.objects.filter(event_id__in=matched).values(
            "event_id",
            "volunteer_id",
            "guest_name",
            "guest_furigana",
            "guest_email",
            "guest_phone",
            "status",
            "people",
        ):
            person = {
                "name": signup["guest_name"],
                "furigana": signup["guest_furigana"],
                "email": signup["guest_email"],
                "phone": signup["guest_phone"],
            }
            key = person_key(signup["volunteer_id"], person)
            # A cancelled sign-up does not hold the place: a later one of the same person wins the match.
            if signup["status"] != EventSignup.Status.CANCELLED or key not in signed[signup["event_id"]]:
                signed[signup["event_id"]][key] = (signup["status"], signup["people"])
            if signup["status"] == EventSignup.Status.CONFIRMED:
                confirmed[signup["event_id"]] += signup["people"]
            waiting[signup["event_id"]] |= signup["status"] == EventSignup.Status.WAITING

        headers = {c.key: c.header for c in self.columns}
        first_rows: dict[tuple, RowResult] = {}
        seen_people: dict[tuple, int] = {}
        for result in wanted:
            p = core_imports.from_json(result.payload)
            event_key = (p["key"][0], p["key"][1])
            first = first_rows.get(event_key)
            if first is not None:
                differs = [
                    str(headers[k])
                    for k in self.EVENT_KEYS
                    if first.payload["event"][k] != result.payload["event"][k]
                ]
                if differs:
                    result.error(
                        _(
                            "%(row)s行目と同じ講座・イベントですが、%(fields)sが違います。講座・イベントごとに同じにしてください。"
                        )
                        % {"row": first.number, "fields": "、".join(differs)}
                    )
                    continue
            existing = stored_events.get(event_key)
            if existing is None and first is None:
                # A new event: its place count starts at nothing.
                confirmed[event_key] = 0
                waiting[event_key] = False
            count_key = existing.pk if existing else event_key
            capacity = existing.capacity if existing else p["event"]["capacity"]
            person = p["person"]
            result.target = {"event": existing, "volunteer": None, "status": None}
            if person is None:
                result.action = SKIP if existing or first else CREATE
                first_rows.setdefault(event_key, result)
                continue
            volunteer = None
            if person["member_number"]:
                volunteer = by_number.get(person["member_number"])
                if volunteer is None:
                    result.error(
                        _("会員番号「%(number)s」の方は登録されていません。")
                        % {"number": person["member_number"]}
                    )
                    continue
            elif person["birth_date"]:
                volunteer = by_key.get(
                    (
                        normalize_text(person["name"]).replace(" ", ""),
                        kana_search_key(person["furigana"]),
                        person["birth_date"],
                    )
                )
            if volunteer is None and not (person["email"] or person["phone"]):
                result.error(_("一般の参加者は、メールアドレスか電話番号のどちらかを入力してください。"))
                continue
            if existing is not None and existing.audience != Event.Audience.ANYONE:
                try:
                    _check_audience(
                        existing,
                        volunteer=Volunteer.objects.get(pk=volunteer) if volunteer else None,
                        group=None,
                    )
                except ValidationError as exc:
                    result.error(exc.messages[0])
                    continue
            key = person_key(volunteer, person)
            if (event_key, key) in seen_people:
                result.error(
                    _("%(row)s行目と同じ方です。1つの講座・イベントに申込は1人1件です。")
                    % {"row": seen_people[(event_key, key)]}
                )
                continue
            seen_people[(event_key, key)] = result.number
            wanted_status = person["status"]
            held = signed.get(existing.pk, {}).get(key) if existing else None
            if held is not None:
                if (not wanted_status or held[0] == wanted_status) and held[1] == person["people"]:
                    result.action = SKIP
                    first_rows.setdefault(event_key, result)
                    continue
                result.error(
                    _(
                        "この方の申込はすでに登録されています（%(status)s・%(people)s人）。変更は講座・イベントのページでしてください。"
                    )
                    % {"status": EventSignup.Status(held[0]).label, "people": held[1]}
                )
                continue
            fits = person["people"] <= capacity - confirmed[count_key]
            if wanted_status == EventSignup.Status.CONFIRMED and not fits:
                result.error(capacity_message(capacity=capacity, free=capacity - confirmed[count_key]))
                continue
            if not wanted_status:
                # As the sign-up form decides: a place while one is left and nobody waits, otherwise the list.
                fits_now = fits and not waiting[count_key]
                wanted_status = EventSignup.Status.CONFIRMED if fits_now else EventSignup.Status.WAITING
                if wanted_status == EventSignup.Status.WAITING:
                    result.label += " " + str(EventSignup.Status.WAITING.label)
            if wanted_status == EventSignup.Status.CONFIRMED:
                confirmed[count_key] += person["people"]
            elif wanted_status == EventSignup.Status.WAITING:
                waiting[count_key] = True
            if person["attended"] is not None and wanted_status != EventSignup.Status.CONFIRMED:
                result.error(_("出席は、参加の方にだけ記録できます。"))
                continue
            result.action = CREATE
            result.target.update(volunteer=volunteer, status=wanted_status)
            first_rows.setdefault(event_key, result)

    def write(self, results, *, by, log):
        from .services.imports import ImportedSignup, events_import

        rows = []
        for result in results:
            p = core_imports.from_json(result.payload)
            rows.append(
                ImportedSignup(
                    key=(p["key"][0], p["key"][1]),
                    event=p["event"],
                    existing=result.target["event"],
                    person=p["person"],
                    volunteer_id=result.target["volunteer"],
                    status=result.target["status"],
                )
            )
        return events_import(rows=rows, by=by, log=log)


def register() -> None:
    core_imports.register(BookingImporter())
    core_imports.register(LockerImporter())
    core_imports.register(EquipmentImporter())
    core_imports.register(EventImporter())
