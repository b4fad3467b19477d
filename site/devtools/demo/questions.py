"""Demo questions and answers: consultation answers some centers published for every teacher (<center>/faq/)."""

import datetime

from django.utils import timezone

from centers.consultations.faq import QuestionIndexPage, QuestionPage
from centers.models import EducationLevel, Subject

from .centers import content_time
from .site_tree import add_published, ensure_child

SECTION_INTRO = (
    "Ответы специалистов центра на вопросы педагогов, которые пригодятся не только тому, кто спросил. "
    "Свой вопрос можно задать через форму «Запросить консультацию» на странице центра."
)

# center slug -> questions: slug, title, question, answer (rich text), level slugs, subject slugs
QUESTIONS = {
    "inclusive-sosh5": [
        (
            "adaptirovannaya-programma-zpr",
            "С чего начать адаптированную рабочую программу для ученика с ЗПР",
            "Во втором классе учится ребёнок с задержкой психического развития; ПМПК рекомендовала обучение по "
            "АООП НОО, вариант 7.1. С чего начать разработку адаптированной рабочей программы по русскому языку и "
            "математике?",
            "<p>Начните с заключения ПМПК и федеральной адаптированной образовательной программы НОО для "
            "обучающихся с ЗПР: вариант 7.1 предполагает те же планируемые результаты и сроки обучения, что и у "
            "одноклассников.</p><p>Рабочую программу по предмету составьте на основе федеральной рабочей "
            "программы и добавьте в неё коррекционную направленность, специальные условия (дозированные задания, "
            "опорные схемы, больше времени на самостоятельные работы) и особенности оценивания. Коррекционные "
            "курсы согласуйте с психолого-педагогическим консилиумом школы.</p><p>Образцы программ есть в "
            "разделе «Методические материалы» центра.</p>",
            ["primary"],
            ["russian", "mathematics"],
        ),
        (
            "tyutor-dlya-uchenika-s-ras",
            "Обязана ли школа предоставить тьютора ученику с РАС",
            "В пятый класс поступает ребёнок с расстройством аутистического спектра. Родители просят тьютора, "
            "а в заключении ПМПК тьютор не указан. Обязана ли школа его предоставить?",
            "<p>Специальные условия обучения, в том числе сопровождение тьютором или ассистентом, определяет "
            "заключение ПМПК. Если тьютор в нём не указан, школа не обязана его предоставлять, но может "
            "организовать сопровождение по решению психолого-педагогического консилиума.</p><p>Если родители "
            "считают сопровождение необходимым, предложите им пройти ПМПК повторно. До этого ребёнку помогут "
            "визуальное расписание, заблаговременное предупреждение об изменениях и место в классе, где можно "
            "отдохнуть.</p>",
            ["basic"],
            ["interdisciplinary"],
        ),
    ],
    "literacy-lyceum1": [
        (
            "zadaniya-chitatelskaya-gramotnost-7-klass",
            "Где взять задания для оценки читательской грамотности в 7 классе",
            "Готовлю диагностическую работу по читательской грамотности для седьмых классов. Где взять задания, "
            "похожие на задания PISA, и как оценивать развёрнутые ответы?",
            "<p>Задания для 5–9 классов с критериями оценивания есть в открытом банке заданий ФИПИ по "
            "функциональной грамотности и в электронном банке заданий РЭШ. Для седьмого класса подойдут "
            "комплексные задания по сплошным и несплошным текстам.</p><p>Развёрнутые ответы оценивайте по "
            "критериям из спецификации: полный ответ — 2 балла, частичный — 1, неверный — 0. Договоритесь с "
            "коллегами о единых критериях до проверки и сначала вместе проверьте 5–6 работ, чтобы сверить "
            "оценки.</p>",
            ["basic"],
            ["russian", "literature"],
        ),
        (
            "matematicheskaya-gramotnost-na-urokah-algebry",
            "Как включать задания на математическую грамотность в уроки алгебры",
            "В учебном плане нет отдельного часа на функциональную грамотность. Как включать задания на "
            "математическую грамотность в обычные уроки алгебры в 8 классе?",
            "<p>Достаточно одного контекстного задания на уроке: на этапе мотивации (например, задача о тарифах "
            "мобильной связи перед темой «Линейная функция») или при закреплении вместо одной из типовых "
            "задач.</p><p>Раз в четверть удобно проводить урок-практикум целиком на контекстных задачах. Подборка "
            "заданий по темам 7–9 классов есть в банке заданий центра.</p>",
            ["basic"],
            ["algebra", "mathematics"],
        ),
    ],
    "stem-poisk": [
        (
            "nabory-robototehniki-dlya-nachalnoj-shkoly",
            "Какие наборы робототехники выбрать для начальной школы",
            "Школа получила средства на оборудование кружка робототехники для 2–4 классов. Какие наборы лучше "
            "подходят младшим школьникам и сколько их нужно на группу из 12 детей?",
            "<p>Для 2–4 классов подойдут конструкторы с крупными деталями и визуальным программированием блоками: "
            "дети собирают модель за одно занятие и сразу видят результат.</p><p>Рассчитывайте один набор на "
            "двоих, то есть шесть наборов на группу из 12 человек, и ещё один для учителя; планшетов или "
            "ноутбуков нужно столько же, сколько наборов. Перед закупкой приходите на практикум центра: наборы "
            "разных производителей можно попробовать на месте.</p>",
            ["primary", "additional"],
            ["technology", "informatics"],
        ),
    ],
    "digital-sosh13": [
        (
            "urok-s-interaktivnoj-paneliyu-bez-interneta",
            "Как подготовить урок с интерактивной панелью, чтобы он не зависел от интернета",
            "На уроках часто пропадает интернет, и презентация с видео не открывается. Как подготовить урок с "
            "интерактивной панелью, чтобы он не сорвался?",
            "<p>Сохраните все материалы урока на панель или флеш-накопитель заранее: презентацию, видеофрагменты "
            "(скачайте их, а не открывайте по ссылке) и интерактивные упражнения, которые работают без "
            "сети.</p><p>Откройте файлы на самой панели до урока: шрифты и версии программ могут отличаться от "
            "домашнего компьютера. На случай сбоя держите распечатку ключевых заданий.</p>",
            ["basic", "secondary"],
            ["informatics", "interdisciplinary"],
        ),
    ],
}


def questions_index(center):
    existing = QuestionIndexPage.objects.child_of(center).first()
    slug = existing.slug if existing else QuestionIndexPage.section_slug
    return ensure_child(
        center, QuestionIndexPage, slug, title=QuestionIndexPage.section_title, intro=SECTION_INTRO
    )


def build_questions(centers):
    """Published questions and answers for some centers, answered a few days apart (within a term that ended)."""
    levels = {level.slug: level for level in EducationLevel.objects.all()}
    subjects = {subject.slug: subject for subject in Subject.objects.all()}
    for center in centers:
        if center.slug not in QUESTIONS:
            continue
        index = questions_index(center)
        answered = content_time(center, timezone.now())
        for days_ago, (slug, title, question, answer, level_slugs, subject_slugs) in enumerate(
            QUESTIONS[center.slug], start=2
        ):
            if QuestionPage.objects.child_of(index).filter(slug=slug).exists():
                continue
            when = answered - datetime.timedelta(days=7 * days_ago)
            page = QuestionPage(slug=slug, title=title, question=question, answer=answer, date=when.date())
            page.levels = [levels[item] for item in level_slugs if item in levels]
            page.subjects = [subjects[item] for item in subject_slugs if item in subjects]
            add_published(index, page, when)
