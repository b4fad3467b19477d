"""The plan editor's academic year: chosen from a list that names each year «2026/2027», as everywhere else."""

from django import forms

from centers.plans.academic_year import current_academic_year, year_label

YEARS_BEFORE = 2
YEARS_AFTER = 2


class AcademicYearSelect(forms.Select):
    """The years around today; the stored value (the year it starts) is offered too, however old, so that saving an
    item unchanged never moves it to another year. Built on each render: a server running into a new year offers it."""

    def optgroups(self, name, value, attrs=None):
        current = current_academic_year()
        years = set(range(current - YEARS_BEFORE, current + YEARS_AFTER + 1))
        years.update(int(each) for each in value if str(each).isdigit())
        self.choices = [(year, year_label(year)) for year in sorted(years)]
        return super().optgroups(name, value, attrs)
