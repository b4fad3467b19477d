"""The Russian vocabulary of the reference lists (273-FZ levels, FGOS subjects, usual material types and event formats).

The data migration seeds a fresh database from here and `ensure_vocabulary` restores it on a flushed one.
"""

LEVELS = [
    ("Дошкольное образование", "preschool", "ДОО"),
    ("Начальное общее образование", "primary", "НОО"),
    ("Основное общее образование", "basic", "ООО"),
    ("Среднее общее образование", "secondary", "СОО"),
    ("Дополнительное образование", "additional", "ДО"),
]

SUBJECTS = [
    ("Русский язык", "russian"),
    ("Литературное чтение", "literary-reading"),
    ("Литература", "literature"),
    ("Родной язык", "native-language"),
    ("Иностранный язык", "foreign-language"),
    ("Математика", "mathematics"),
    ("Алгебра", "algebra"),
    ("Геометрия", "geometry"),
    ("Вероятность и статистика", "probability"),
    ("Информатика", "informatics"),
    ("Окружающий мир", "world-around"),
    ("История", "history"),
    ("Обществознание", "social-studies"),
    ("География", "geography"),
    ("Физика", "physics"),
    ("Химия", "chemistry"),
    ("Биология", "biology"),
    ("Изобразительное искусство", "fine-arts"),
    ("Музыка", "music"),
    ("Труд (технология)", "technology"),
    ("ОБЗР", "obzr"),
    ("Физическая культура", "physical-education"),
    ("ОРКСЭ", "orkse"),
    ("ОДНКНР", "odnknr"),
    ("Межпредметное содержание", "interdisciplinary"),
]

MATERIAL_TYPES = [
    ("Методические рекомендации", "recommendations"),
    ("Методическая разработка", "lesson-plan"),
    ("Рабочая программа", "work-program"),
    ("Программа дополнительного образования", "additional-program"),
    ("Сценарий мероприятия", "scenario"),
    ("Презентация", "presentation"),
    ("Видеозапись", "video"),
    ("Сборник материалов", "collection"),
    ("Дидактические материалы", "didactic"),
    ("Контрольно-измерительные материалы", "assessment"),
]

EVENT_FORMATS = [
    ("Научно-практическая конференция", "conference"),
    ("Семинар", "seminar"),
    ("Семинар-практикум", "seminar-practicum"),
    ("Практикум", "practicum"),
    ("Мастер-класс", "master-class"),
    ("Круглый стол", "round-table"),
    ("Вебинар", "webinar"),
    ("Консультация", "consultation"),
    ("Педагогическая мастерская", "workshop"),
    ("Заседание предметного сообщества", "community-meeting"),
]


def ensure_vocabulary(subject, material_type, event_format, education_level):
    """get_or_create every entry on the given model classes (real or historical); existing edits are kept."""
    for model, rows in [(subject, SUBJECTS), (material_type, MATERIAL_TYPES), (event_format, EVENT_FORMATS)]:
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, (name, slug, abbreviation) in enumerate(LEVELS, start=1):
        education_level.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order, "abbreviation": abbreviation}
        )
