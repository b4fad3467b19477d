"""What a person does in the browser, shared by the journeys."""

ADMIN_LOGIN = "/admin/login/"


def follow(page, locator):
    """Click a link or button and wait until the next page, stylesheets included, has loaded."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def log_in_to_admin(browser, server_url, user, password):
    """A fresh browser (its own cookies) signed in through Wagtail's login form; returns its page."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server_url + ADMIN_LOGIN)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    follow(page, page.locator("form button[type=submit]"))
    assert not page.url.startswith(server_url + ADMIN_LOGIN), f"{user.username} could not log in"
    return page
