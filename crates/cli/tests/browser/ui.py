"""End-to-end check of the web UI in real Chromium (Playwright, Debian's /usr/bin/chromium).

Usage: ui.py BASE_URL SCREENSHOT_DIR HOSTILE_STORY_ID

Opens the river, a story, clicks a citation and checks that the highlighted span's text equals
the cited bytes of the article, adds an article through the form, watches the river update
live, and checks that hostile article text runs no script anywhere, against a control page
where the same markup does run. Exits non-zero with a message on the first failure.
"""

import json
import os
import sys
import urllib.parse

from playwright.sync_api import sync_playwright

BASE, SHOTS, HOSTILE_STORY = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(SHOTS, exist_ok=True)

# The payloads the hostile article carries (see the Rust test that adds it).
PAYLOADS = [
    "<script>document.title='PWNED';window.__pwned=1</script>",
    "<img src=x onerror=\"document.title='PWNED';window.__pwned=1\">",
    "<svg onload=\"window.__pwned=1\"></svg>",
]


def check(condition, message):
    if not condition:
        print("FAIL:", message, file=sys.stderr)
        sys.exit(1)


def shot(page, name):
    page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def not_pwned(page, where):
    pwned = page.evaluate("() => document.title === 'PWNED' || window.__pwned === 1")
    check(not pwned, f"a script from article text ran on {where}")


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    )
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # Control: the same markup unescaped does run, so the checks below can fail.
    page.set_content("<html><head><title>control</title></head><body>" + "".join(PAYLOADS) + "</body></html>")
    page.wait_for_timeout(300)
    check(page.evaluate("() => window.__pwned === 1"), "control page: the payloads did not run, so the test proves nothing")

    # The river.
    page.goto(BASE + "/")
    stories = page.locator("ol#river li.story")
    check(stories.count() >= 2, f"the river lists {stories.count()} stories")
    check(page.locator("ol#river .bar").count() >= 1, "no coverage bar in the river")
    not_pwned(page, "the river")
    shot(page, "river")

    # Keyboard: the first Tab reaches the skip link.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement && document.activeElement.textContent")
    check(focused == "Skip to content", f"first Tab focuses {focused!r}")

    # A story page, from the river.
    first = page.locator("ol#river li.story h2 a").first
    title = first.text_content()
    first.click()
    page.wait_for_load_state()
    check("/stories/" in page.url, f"clicking a story went to {page.url}")
    check(title in page.locator("body").text_content(), f"the story page lacks its title {title!r}")
    size = page.evaluate("() => document.documentElement.outerHTML.length")
    check(size < 200_000, f"story page is {size} bytes")
    shot(page, "story")

    # Every citation on it points at a span of an article; follow the first few.
    cites = page.locator("a.cite")
    check(cites.count() >= 1, "the story page has no citations")
    hrefs = [cites.nth(i).get_attribute("href") for i in range(min(cites.count(), 5))]
    story_url = page.url
    for index, href in enumerate(hrefs):
        page.goto(story_url)
        page.locator(f'a.cite[href="{href}"]').first.click()
        page.wait_for_load_state()
        parsed = urllib.parse.urlparse(page.url)
        article_id = urllib.parse.unquote(parsed.path.rsplit("/", 1)[1])
        start, end = (int(x) for x in urllib.parse.parse_qs(parsed.query)["span"][0].split("-"))
        mark = page.locator("mark#cited")
        check(mark.count() == 1, f"{page.url}: no highlighted span")
        shown = mark.text_content()
        article = json.loads(page.request.get(f"{BASE}/api/v1/articles/{urllib.parse.quote(article_id)}").text())
        cited = article["text"].encode("utf-8")[start:end].decode("utf-8")
        check(shown == cited, f"{page.url}: highlighted {shown!r}, cited bytes {cited!r}")
        in_view = page.evaluate(
            "() => { const r = document.getElementById('cited').getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; }"
        )
        check(in_view, f"{page.url}: the cited span is not scrolled into view")
        if index == 0:
            shot(page, "article")

    # Hostile text: the story, each article, search and river with it run nothing.
    page.goto(f"{BASE}/stories/{HOSTILE_STORY}")
    page.wait_for_timeout(300)
    not_pwned(page, "the hostile story page")
    check("&lt;script&gt;" in page.content() or "<script>document" in page.locator("body").inner_text(),
          "the hostile text is not shown as text on the story page")
    shot(page, "hostile-story")
    hostile_hrefs = page.eval_on_selector_all(
        'ol.sources a[href^="/articles/"]', "links => links.map(a => a.getAttribute('href'))"
    )
    check(len(hostile_hrefs) >= 2, f"the hostile story lists {len(hostile_hrefs)} articles")
    for href in hostile_hrefs:
        page.goto(BASE + href)
        page.wait_for_timeout(200)
        not_pwned(page, href)
    page.goto(BASE + "/search?q=script")
    page.wait_for_timeout(200)
    not_pwned(page, "search")
    check(not dialogs, f"dialogs opened: {dialogs}")

    # Add through the form; the answer is the new article's story.
    page.goto(BASE + "/add")
    shot(page, "add")
    page.fill("textarea[name=text]", (
        "Lighthouse keepers on the island of Varn were evacuated on Sunday as a storm surge flooded the harbour.\n"
        "The coast guard said all eleven keepers reached the mainland safely by helicopter.\n"
        "Forecasters expect the storm to weaken by Tuesday."
    ))
    page.fill("input[name=title]", "Varn keepers evacuated as storm hits")
    page.fill("input[name=outlet]", "Form Gazette")
    page.click("form.add button[type=submit]")
    page.wait_for_url("**/stories/**")
    check("Form Gazette" in page.locator("body").text_content(), "the story page after adding lacks the new article's outlet")
    shot(page, "added")

    # Live updates: a second article added by the API appears in an open river.
    river = context.new_page()
    river.goto(BASE + "/")
    before = river.locator("ol#river li.story").count()
    river.wait_for_timeout(500)
    response = river.request.post(BASE + "/api/v1/articles", data=json.dumps({
        "id": "live-one", "outlet": "Live Wire", "title": "Glacier bridge reopens in Sorvik",
        "text": "The glacier bridge in Sorvik reopened on Monday after repairs that lasted six weeks.\n"
                "Engineers replaced two cables and the deck, the road agency said.",
    }), headers={"content-type": "application/json"})
    check(response.ok, f"API add failed: {response.status}")
    river.wait_for_function(
        f"() => document.querySelectorAll('ol#river li.story').length > {before}", timeout=20_000
    )
    shot(river, "river-live")
    check(not errors, f"page errors: {errors}")

    # A phone: no page is wider than the screen (wide charts scroll inside their own box).
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    small = phone.new_page()
    for name, url in [("phone-river", BASE + "/"), ("phone-story", story_url), ("phone-article", BASE + hrefs[0])]:
        small.goto(url)
        small.wait_for_load_state()
        overflow = small.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 1, f"{name}: the page is {overflow} px wider than a phone screen")
        shot(small, name)
    browser.close()
print("ok: river, story, citations, hostile text, add form, live update")
