"""The summer placement: slots, grade limits, preferences, as many placed as possible, a seed that replays."""

import pytest
from django.core.exceptions import ValidationError

from programs.models import SummerPlacement
from programs.services import summer as svc

from .summer_factories import make_application, make_campaign, make_program

pytestmark = pytest.mark.django_db


def placed(campaign):
    return {
        p.application_id: p.program_date.program_id
        for p in SummerPlacement.objects.filter(application__campaign=campaign).select_related("program_date")
    }


def test_it_never_places_more_people_than_a_date_has_slots(staff):
    campaign = make_campaign(phase="closed")
    program = make_program(campaign, slots=(2, 1))
    apps = [make_application(campaign, [program]) for _ in range(5)]
    run = svc.placement_run(campaign=campaign, by=staff, seed=7)
    assert run.outcome["placed"] == 3 and run.outcome["unplaced"] == 2
    per_date = {}
    for p in SummerPlacement.objects.filter(application__in=apps):
        per_date[p.program_date_id] = per_date.get(p.program_date_id, 0) + 1
    dates = {d.pk: d.slots for d in program.dates.all()}
    assert per_date == dates


def test_it_never_places_a_pupil_outside_the_grade_limits(staff):
    campaign = make_campaign(phase="closed")
    juniors = make_program(campaign, slots=(5,), grade_min=7, grade_max=9)
    pupil = make_application(campaign, [juniors], grade=5, age=11)
    student = make_application(campaign, [juniors], grade=8)
    svc.placement_run(campaign=campaign, by=staff, seed=1)
    assert placed(campaign) == {student.pk: juniors.pk}
    assert pupil.pk not in placed(campaign)


def test_earlier_choices_win_when_everyone_can_still_be_placed(staff):
    campaign = make_campaign(phase="closed")
    a, b = make_program(campaign, slots=(1,)), make_program(campaign, slots=(1,))
    first = make_application(campaign, [a, b])
    second = make_application(campaign, [b, a])
    for seed in range(10):
        svc.placement_run(campaign=campaign, by=staff, seed=seed)
        assert placed(campaign) == {first.pk: a.pk, second.pk: b.pk}


def test_it_moves_someone_to_a_later_choice_so_that_one_more_person_is_placed(staff):
    campaign = make_campaign(phase="closed")
    a, b = make_program(campaign, slots=(1,)), make_program(campaign, slots=(1,))
    flexible = make_application(campaign, [a, b])
    only_a = make_application(campaign, [a])
    for seed in range(10):
        run = svc.placement_run(campaign=campaign, by=staff, seed=seed)
        assert placed(campaign) == {only_a.pk: a.pk, flexible.pk: b.pk}
        assert run.outcome["by_rank"] == {"1": 1, "2": 1, "3": 0}


def test_the_seed_decides_ties_and_the_same_seed_gives_the_same_placement(staff):
    campaign = make_campaign(phase="closed")
    program = make_program(campaign, slots=(1,))
    apps = [make_application(campaign, [program]) for _ in range(6)]
    winners = set()
    for seed in range(12):
        svc.placement_run(campaign=campaign, by=staff, seed=seed)
        first = placed(campaign)
        svc.placement_run(campaign=campaign, by=staff, seed=seed)
        assert placed(campaign) == first
        winners |= set(first)
    assert len(winners) > 1 and winners <= {a.pk for a in apps}


def test_a_run_replays_from_its_record_and_a_changed_record_is_refused(staff):
    campaign = make_campaign(phase="closed")
    programs = [make_program(campaign, slots=(1, 1)) for _ in range(3)]
    for i in range(8):
        make_application(campaign, [programs[i % 3], programs[(i + 1) % 3]])
    run = svc.placement_run(campaign=campaign, by=staff)
    # Later changes to the world do not change the replay: it reads the record only.
    programs[0].dates.update(slots=9)
    assert svc.placement_replay(run=run).matches
    run.inputs["applications"][0]["grade"] = 1
    with pytest.raises(ValidationError) as exc:
        svc.placement_replay(run=run)
    assert exc.value.code == "tampered"


def test_it_refuses_to_run_while_applications_are_open(staff):
    campaign = make_campaign(phase="open")
    with pytest.raises(ValidationError) as exc:
        svc.placement_run(campaign=campaign, by=staff)
    assert exc.value.code == "open"


def test_staff_adjust_by_hand_within_slots_and_limits(staff):
    campaign = make_campaign(phase="closed")
    a = make_program(campaign, slots=(1,))
    juniors = make_program(campaign, slots=(3,), grade_min=7, grade_max=9)
    one, two = make_application(campaign, [a], grade=8), make_application(campaign, [a], grade=5, age=11)
    svc.placement_run(campaign=campaign, by=staff, seed=3)
    loser = two if one.pk in placed(campaign) else one
    with pytest.raises(ValidationError) as exc:
        svc.placement_set(application=loser, program_date=a.dates.get(), by=staff)
    assert exc.value.code == "full"
    with pytest.raises(ValidationError) as exc:
        svc.placement_set(application=two, program_date=juniors.dates.get(), by=staff)
    assert exc.value.code == "grade"
    p = svc.placement_set(application=one, program_date=juniors.dates.get(), by=staff)
    assert p.by_hand and p.rank is None


def test_publishing_tells_participants_and_hosts_and_freezes_the_placement(staff):
    from volunteers.models import Notice

    campaign = make_campaign(phase="closed")
    program = make_program(campaign, slots=(1,))
    win, lose = make_application(campaign, [program]), make_application(campaign, [program])
    svc.placement_run(campaign=campaign, by=staff, seed=5)
    svc.placement_publish(
        campaign=campaign, by=staff, status_link=lambda t: f"/s/{t}", host_link=lambda t: f"/h/{t}"
    )
    bodies = {n.guest_name: n.body for n in Notice.objects.all()}
    winner = SummerPlacement.objects.get().application
    loser = lose if winner.pk == win.pk else win
    assert program.title in bodies[winner.name]
    assert "ご用意できませんでした" in bodies[loser.name]
    assert "参加者が決まりました（1人）" in bodies[program.host.contact_name]
    assert all("/s/" not in b and "/h/" not in b for b in bodies.values())  # the signed links are not stored
    with pytest.raises(ValidationError):
        svc.placement_run(campaign=campaign, by=staff)
