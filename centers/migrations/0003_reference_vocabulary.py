"""Seeds the reference lists with the Russian vocabulary (273-FZ levels, FGOS subjects); the department edits them later."""

from django.db import migrations

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


def seed(apps, schema_editor):
    for model_name, rows in [("Subject", SUBJECTS), ("MaterialType", MATERIAL_TYPES), ("EventFormat", EVENT_FORMATS)]:
        model = apps.get_model("centers", model_name)
        for order, (name, slug) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    level = apps.get_model("centers", "EducationLevel")
    for order, (name, slug, abbreviation) in enumerate(LEVELS, start=1):
        level.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order, "abbreviation": abbreviation})


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_reference_lists")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
