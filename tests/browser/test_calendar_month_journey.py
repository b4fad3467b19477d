"""The calendar's month (the default view of /calendar/) as a reader sees it: seven equal columns with one day a cell
and today marked on a desktop; on a phone and in the very large font of the version for the visually impaired the
week becomes a list of days, and nothing is wider than the screen."""

from centers.models import CalendarPage

GEOMETRY = """() => {
    const box = element => element.getBoundingClientRect();
    const heads = [...document.querySelectorAll('table.month thead th')].map(box);
    const rows = [...document.querySelectorAll('table.month tbody tr')].map(
        row => [...row.querySelectorAll('td')].map(box));
    const today = document.querySelector('table.month td[aria-current=date]');
    return {
        heads: heads.map(b => [b.left, b.width]),
        rows: rows.map(cells => cells.map(b => [b.left, b.width])),
        today: today && {
            classes: today.className,
            outline: getComputedStyle(today).outlineStyle,
            display: getComputedStyle(today).display,
        },
        page_width: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        selects: [...document.querySelectorAll('form.filters select')].map(s => box(s).right),
        cell_display: getComputedStyle(document.querySelector('table.month td')).display,
    };
}"""


def calendar_url(server):
    return server.url + CalendarPage.objects.live().first().url


def test_the_month_is_a_grid_of_seven_equal_columns_with_today_marked(demo_server, browser_page, screenshot):
    page = browser_page
    page.goto(calendar_url(demo_server))
    shape = page.evaluate(GEOMETRY)
    screenshot(page, "1280")
    widths = [width for _, width in shape["heads"]]
    assert len(widths) == 7 and max(widths) - min(widths) < 1.5, widths
    assert len(shape["rows"]) in (4, 5, 6)
    for cells in shape["rows"]:  # one day a cell, each under its weekday
        assert len(cells) == 7
        for (left, width), (head_left, head_width) in zip(cells, shape["heads"], strict=True):
            assert abs(left - head_left) < 1.5 and abs(width - head_width) < 1.5
    # today (in the department's time zone) is in the month shown by default, outlined
    assert "month__today" in shape["today"]["classes"] and shape["today"]["outline"] != "none"
    assert shape["page_width"] <= shape["viewport"]


def test_on_a_phone_the_week_becomes_a_list_and_nothing_overflows(demo_server, browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(calendar_url(demo_server))
        shape = page.evaluate(GEOMETRY)
        assert shape["page_width"] <= 375
        assert shape["selects"] and max(shape["selects"]) <= 375
        assert shape["cell_display"] != "table-cell"  # a list of days, not seven slivers
        assert shape["today"]["display"] != "none" and shape["today"]["outline"] != "none"

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(demo_server.url + "/accessibility/change/?scheme=wb&size=huge&next=/")
        page.goto(calendar_url(demo_server))
        shape = page.evaluate(GEOMETRY)
        assert shape["page_width"] <= shape["viewport"]
        assert shape["cell_display"] != "table-cell"  # the very large font reads as a list too
    finally:
        context.close()
