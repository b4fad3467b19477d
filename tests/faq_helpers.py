"""Builders shared by the questions-and-answers tests: questions in a center's «Вопросы и ответы»."""

import datetime
import uuid

from centers.consultations.faq import QuestionPage
from centers.consultations.publishing import questions_section


def add_question(
    center, title, question="Как это сделать?", answer="<p>Вот так.</p>", publish=True, **fields
):
    """A question under the center's section, published unless `publish` is False; levels and subjects by kwargs."""
    levels, subjects = fields.pop("levels", ()), fields.pop("subjects", ())
    page = QuestionPage(
        title=title,
        slug=f"q-{uuid.uuid4().hex[:10]}",
        question=question,
        answer=answer,
        date=fields.pop("date", datetime.date(2026, 10, 1)),
        live=False,
        **fields,
    )
    questions_section(center).add_child(instance=page)
    page.levels.set(levels)
    page.subjects.set(subjects)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page
