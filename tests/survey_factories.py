"""Surveys for tests: one with a question of every type, built with the ORM."""

from regioagenda.participation.models import Choice, Question, QuestionKind, Survey


def full_survey(agenda, *, is_open=True, anonymous_allowed=True, **kwargs):
    """An open survey of ``agenda`` with five questions: single (required), multiple, scale
    1–5, free text, matrix fields (perceived and importance). ``survey.q`` maps kind → question,
    ``survey.c`` maps a choice text → choice."""
    survey = Survey.objects.create(
        agenda=agenda,
        step="vision",
        title=kwargs.pop("title", "Digitale Angebote im Alltag"),
        is_open=is_open,
        anonymous_allowed=anonymous_allowed,
        **kwargs,
    )
    survey.q = {}
    survey.c = {}
    specs = [
        (
            QuestionKind.SINGLE,
            "Wie erledigen Sie Behördengänge?",
            True,
            ["Online", "Vor Ort", "Egal"],
        ),
        (QuestionKind.MULTIPLE, "Was nutzen Sie?", False, ["Termin", "Rufbus", "Onleihe"]),
        (QuestionKind.SCALE, "Wie zufrieden sind Sie?", False, []),
        (QuestionKind.TEXT, "Was fehlt?", False, []),
        (QuestionKind.MATRIX_FIELD, "Wie erleben Sie die Felder?", False, []),
    ]
    for position, (kind, text, required, choices) in enumerate(specs, start=1):
        question = Question.objects.create(
            survey=survey, position=position, kind=kind, text=text, required=required
        )
        survey.q[kind] = question
        for index, choice in enumerate(choices, start=1):
            survey.c[choice] = Choice.objects.create(question=question, position=index, text=choice)
    return survey


def post_data(survey, **overrides):
    """Form data answering every question of ``full_survey``."""
    q = survey.q
    data = {
        f"q{q['single'].pk}": str(survey.c["Online"].pk),
        f"q{q['multiple'].pk}": [str(survey.c["Termin"].pk), str(survey.c["Rufbus"].pk)],
        f"q{q['scale'].pk}": "4",
        f"q{q['text'].pk}": "Schnelles Internet in den Ortsteilen",
        f"q{q['matrix_field'].pk}_p_mobility": "1",
        f"q{q['matrix_field'].pk}_i_mobility": "5",
        "sector": "economy",
    }
    data.update(overrides)
    return data
