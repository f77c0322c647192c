"""Ten years of the plans (see config/core/dataset.py): every fiscal year gets the loaded year's items and targets,
so the progress page and the year-end report have a year to show however far back one looks."""

from config.core.dataset import Dataset, bulk

from .models import PlanItem, Target


def plan_years(ds: Dataset) -> str:
    """Copy the items of the loaded year (with their targets and links) to each fiscal year that has none."""
    have = set(PlanItem.objects.values_list("fiscal_year", flat=True))
    if not have:
        return "plans: no items to copy"
    source = list(
        PlanItem.objects.filter(fiscal_year=min(have)).prefetch_related("targets", "approaches", "goals")
    )
    years = [fy for fy in ds.fiscal_years if fy not in have]
    items, links = [], []
    for fy in years:
        for item in source:
            copy = PlanItem(
                **{
                    f.attname: getattr(item, f.attname)
                    for f in PlanItem._meta.concrete_fields
                    if not f.primary_key
                }
            )
            copy.fiscal_year = fy
            items.append(copy)
            links.append(item)
    made = bulk(PlanItem, items)
    targets, approaches, goals = [], [], []
    for copy, item in zip(made, links, strict=True):
        for target in item.targets.all():
            fields = {
                f.attname: getattr(target, f.attname)
                for f in Target._meta.concrete_fields
                if not f.primary_key
            }
            targets.append(Target(**(fields | {"item_id": copy.pk})))
        approaches += [
            PlanItem.approaches.through(planitem_id=copy.pk, approach_id=a.pk) for a in item.approaches.all()
        ]
        goals += [PlanItem.goals.through(planitem_id=copy.pk, basicgoal_id=g.pk) for g in item.goals.all()]
    bulk(Target, targets)
    bulk(PlanItem.approaches.through, approaches)
    bulk(PlanItem.goals.through, goals)
    return f"plan years: {len(years)}, items: {len(made)}, targets: {len(targets)}"


GENERATORS = [plan_years]
