"""The HTML pages on a tiny corpus whose counts, facets and highlights are known by hand."""

import re
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from search.web import create_app
from tests.conftest import WriteArticle
from tests.webtools import body, count_line, facet_counts, hit_ids, section, text


def test_home_says_what_the_corpus_holds_and_how_to_search(tiny: FlaskClient) -> None:
    page = tiny.get("/")
    assert page.status_code == 200
    shown = text(page)
    assert "3 articles, 9 paragraphs, from November 2019 to October 2020." in shown
    outlets = section(body(page), '<table class="outlets">', "</table>")
    assert re.findall(r'<a href="/search\?outlet=([^"]+)">', outlets) == [
        "Red+Flag", "Wedge", "World+Socialist+Web+Site"]
    assert "Red Flag 4" in text(outlets)
    assert '<form class="search-form" role="search" action="/search" method="get">' in body(page)
    assert '<a href="/search?q=%22coup+makers%22"><code>&#34;coup makers&#34;</code></a>' \
        in body(page)
    assert 'href="/about"' in body(page)


def test_results_count_matches_the_hand_count(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup"))
    # flag ¶1 ¶2, wedge ¶2 (coups) ¶3, wsws ¶1 ¶2
    assert count_line(page) == "6 paragraphs in 3 articles from 3 outlets"
    assert len(hit_ids(page, some=False)) == 6
    assert '<section class="results" aria-labelledby="results-heading">' in page
    assert "Searched for <code>coup</code>" in page


def test_singular_count_line(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=Senkata"))
    assert count_line(page) == "1 paragraph in 1 article from 1 outlet"


def test_each_result_shows_its_source_and_links(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=Senkata"))
    [pid] = hit_ids(page)
    hit = section(page, f'id="hit-{pid}"', "</li>")
    assert "The <mark>army</mark>" not in hit
    assert "The army opened fire in <mark>Senkata</mark>." in hit
    shown = text(hit)
    for part in ("A coup in Bolivia", "Red Flag", "KD Tait", "January 2020", "What next?",
                 "¶ 3", "Permalink", "In context"):
        assert part in shown
    assert f'href="/a/flag/p/{pid}?q=Senkata"' in hit  # the paragraph page keeps the query
    assert 'href="/a/flag?q=Senkata#p3"' in hit
    assert '<time datetime="2020-01">January 2020</time>' in hit


def test_some_words_results_are_marked(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=Senkata+Cochabamba"))
    assert count_line(page) == "No paragraphs match all of your words."
    assert "No paragraph contains all of your words; these contain some of them." in text(page)
    assert len(hit_ids(page)) == 2
    assert page.count('class="hit hit--some"') == 2
    assert text(page).count("Matches some of your words") == 2


def test_outlet_filters_filter_and_keep_counts_for_the_others(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&outlet=Wedge"))
    assert count_line(page) == "2 paragraphs in 1 article from 1 outlet"
    assert facet_counts(page) == {"Red Flag": (2, False), "Wedge": (2, True),
                                  "World Socialist Web Site": (2, False)}
    outlets = section(page, 'id="outlet-heading"', "</ul>")
    # each outlet is a link that toggles it and keeps the rest; no "Apply" needed
    assert 'href="/search?q=coup&amp;outlet=Wedge&amp;outlet=Red+Flag"' in outlets
    assert 'href="/search?q=coup"' in outlets  # Wedge, chosen, links to the search without it
    assert {text(section(page, f'id="hit-{p}"', "</li>")).count("Wedge") for p in hit_ids(page)} \
        == {1}


def test_two_outlets_are_ored(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&outlet=Wedge&outlet=Red+Flag"))
    assert count_line(page) == "4 paragraphs in 2 articles from 2 outlets"


def test_outlet_counts_respect_the_date_filter(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&from=2020"))
    assert count_line(page) == "4 paragraphs in 2 articles from 2 outlets"
    assert facet_counts(page)["World Socialist Web Site"] == (0, False)
    assert 'id="from" name="from" type="text" inputmode="numeric" value="2020"' in page
    assert "From: 2020" in text(section(page, '<div class="chips">', "</div>"))


def test_month_precision_dates_overlap_the_range(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&from=2020-01-31&to=2020-01-31"))
    assert count_line(page) == "2 paragraphs in 1 article from 1 outlet"


def test_the_filters_work_without_javascript(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&sort=newest&outlet=Wedge"))
    panel = section(page, '<details class="filters-panel"', "</details>")
    assert "<summary" in panel and "Filters (1)" in text(panel)
    form = section(panel, '<form class="dates-form"', "</form>")
    assert 'method="get"' in form and 'action="/search"' in form
    for hidden in ('name="q" value="coup"', 'name="outlet" value="Wedge"',
                   'name="sort" value="newest"'):
        assert f'<input type="hidden" {hidden}>' in form
    assert '<button type="submit">Apply dates</button>' in form
    order = section(panel, 'id="sort-heading"', "</ul>")
    assert '<a class="facet__option facet__option--on" href="/search?q=coup&amp;outlet=Wedge' \
        '&amp;sort=newest" aria-current="true">Newest first</a>' in order
    assert 'href="/search?q=coup&amp;outlet=Wedge&amp;sort=oldest"' in order
    months = section(panel, 'id="period-heading"', "</ul>")
    assert re.findall(r'href="([^"]+)"', months) == [
        "/search?q=coup&amp;outlet=Wedge&amp;from=2020-10&amp;to=2020-10&amp;sort=newest"]
    assert "October 2020 2" in text(months)


def test_active_filters_are_chips_that_remove_themselves(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&outlet=Wedge&outlet=Red+Flag&from=2020&to=2020-06"))
    chips = section(page, '<div class="chips">', "</div>")
    links = dict((text(label), href) for href, label in re.findall(
        r'<a class="chip" href="([^"]+)">(.*?)</a>', chips, re.S))
    assert links == {
        "Outlet: Wedge × (remove this filter)":
            "/search?q=coup&amp;outlet=Red+Flag&amp;from=2020&amp;to=2020-06",
        "Outlet: Red Flag × (remove this filter)":
            "/search?q=coup&amp;outlet=Wedge&amp;from=2020&amp;to=2020-06",
        "From: 2020 × (remove this filter)":
            "/search?q=coup&amp;outlet=Wedge&amp;outlet=Red+Flag&amp;to=2020-06",
        "To: June 2020 × (remove this filter)":
            "/search?q=coup&amp;outlet=Wedge&amp;outlet=Red+Flag&amp;from=2020"}
    assert '<a class="chips__clear" href="/search?q=coup">Clear all filters</a>' in chips
    assert '<div class="chips">' not in body(tiny.get("/search?q=coup"))


def test_the_count_says_which_results_the_page_shows(tiny: FlaskClient) -> None:
    second = body(tiny.get("/search?q=coup&per_page=4&page=2"))
    assert count_line(second) == "6 paragraphs in 3 articles from 3 outlets"
    assert '<p class="count__range">Results 5–6 of 6</p>' in second
    first = body(tiny.get("/search?q=coup&per_page=4"))
    assert '<p class="count__range">Results 1–4 of 6</p>' in first
    assert "count__range" not in body(tiny.get("/search?q=coup"))


def test_a_new_query_keeps_the_filters(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&outlet=Wedge&from=2020&sort=oldest"))
    form = section(page, '<form class="search-form"', "</form>")
    for hidden in ('name="outlet" value="Wedge"', 'name="from" value="2020"',
                   'name="sort" value="oldest"'):
        assert hidden in form


def test_sorting_by_date(tiny: FlaskClient) -> None:
    newest = text(body(tiny.get("/search?q=coup&sort=newest")))
    oldest = text(body(tiny.get("/search?q=coup&sort=oldest")))
    assert newest.index("19 October 2020") < newest.index("13 November 2019")
    assert oldest.index("13 November 2019") < oldest.index("19 October 2020")


def test_timeline_bars_link_to_month_searches(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&outlet=Wedge&outlet=World+Socialist+Web+Site"))
    chart = section(page, '<section class="timeline"', "</section>")
    assert "<svg" in chart and 'role="group"' in chart
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', chart)
    assert links == [
        ("/search?q=coup&amp;outlet=Wedge&amp;outlet=World+Socialist+Web+Site&amp;from=2019-11"
         "&amp;to=2019-11", "November 2019: 2 paragraphs (World Socialist Web Site 2)"),
        ("/search?q=coup&amp;outlet=Wedge&amp;outlet=World+Socialist+Web+Site&amp;from=2020-10"
         "&amp;to=2020-10", "October 2020: 2 paragraphs (Wedge 2)"),
    ]
    # twelve months from November 2019 to October 2020, ten of them empty
    assert chart.count('class="tick" x=') - 2 >= 12
    table = section(chart, "<table>", "</table>")
    assert "The timeline as a table" in text(chart)
    assert text(table).split("Total ")[1] == "November 2019 0 2 2 October 2020 2 0 2"


def test_month_search_from_the_timeline(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&from=2019-11&to=2019-11"))
    assert count_line(page) == "2 paragraphs in 1 article from 1 outlet"


def test_pagination(tiny: FlaskClient) -> None:
    first = body(tiny.get("/search?q=coup&per_page=4"))
    assert len(hit_ids(first)) == 4
    nav = section(first, '<nav class="pagination"', "</nav>")
    assert '<a href="/search?q=coup&amp;per_page=4" aria-current="page">1</a>' in nav
    assert 'href="/search?q=coup&amp;page=2&amp;per_page=4" rel="next">Next' in nav
    second = body(tiny.get("/search?q=coup&per_page=4&page=2"))
    assert len(hit_ids(second)) == 2
    assert not set(hit_ids(first)) & set(hit_ids(second))
    assert 'rel="prev">Previous' in second and 'rel="next"' not in second


def test_page_past_the_end_is_empty_and_says_so(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&page=7"))
    assert hit_ids(page) == []
    assert "Page 7 is past the end of the results." in text(page)
    assert count_line(page) == "6 paragraphs in 3 articles from 3 outlets"
    assert 'href="/search?q=coup"' in section(page, '<nav class="pagination"', "</nav>")


def test_unknown_outlet_gives_no_results_and_names_it(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=coup&outlet=Daily+Nowhere"))
    assert count_line(page) == "No paragraphs match."
    assert "No outlet is called “Daily Nowhere”." in text(page)
    assert facet_counts(page)["Daily Nowhere"] == (0, True)


def test_filters_that_exclude_everything_give_nothing(tiny: FlaskClient) -> None:
    for url in ("/search?q=coup+leaders&from=1990&to=1991", "/search?q=coup&outlet=Nowhere",
                "/search?q=army+police&author=Nobody"):
        page = body(tiny.get(url))
        assert count_line(page) == "No paragraphs match.", url
        assert hit_ids(page) == [], url


def test_did_you_mean(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=Choquehuanka"))
    assert count_line(page) == "1 paragraph in 1 article from 1 outlet"
    assert 'Did you mean <a href="/search?q=Choquehuanca">Choquehuanca</a>?' in page


def test_empty_query_lists_every_paragraph_newest_first(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search"))
    assert count_line(page) == "9 paragraphs in 3 articles from 3 outlets"
    hits = text(section(page, '<ol class="hits"', "</ol>"))
    assert hits.index("19 October 2020") < hits.index("January 2020")


def test_about_lists_the_syntax_and_outlets(tiny: FlaskClient) -> None:
    page = tiny.get("/about")
    shown = text(page)
    for example in ('"coup makers"', "Senkata OR Sacaba", "elect*", "outlet:wedge",
                    '"army police"~5'):
        assert example in shown
    assert "World Socialist Web Site 2" in shown


def test_article_page_shows_metadata_headings_and_lists(tiny: FlaskClient) -> None:
    html = body(tiny.get("/a/flag"))
    header = text(section(html, '<header class="article__header">', "</header>"))
    assert header == ("A coup in Bolivia Red Flag KD Tait January 2020 "
                      "Original: https://example.org/flag")
    assert '<a href="https://example.org/flag" rel="noreferrer">' in html
    article = section(html, "<h2>What next?</h2>", "</article>")
    assert article.index('<p class="para" id="p2">') < article.index('<ul class="paragraphs">')
    assert '<li class="para" id="p3">' in article and '<li class="para" id="p4">' in article
    assert "matches in this article" not in html


def test_article_from_a_search_highlights_and_lists_matches(tiny: FlaskClient) -> None:
    html = body(tiny.get("/a/flag?q=coup"))
    matches = section(html, '<nav class="matches"', "</nav>")
    assert "2 matches in this article for coup:" in text(matches)
    assert re.findall(r'<a href="(#p\d+)">', matches) == ["#p1", "#p2"]
    assert '<p class="para para--match" id="p1">' in html
    assert "palace after the <mark>coup</mark>." in html
    assert '<p class="para" id="p3">' not in html  # a list item, not a paragraph
    assert "<mark>" not in section(html, 'id="p3"', "</li>")
    none = body(tiny.get("/a/flag?q=Washington"))
    assert "0 matches in this article for Washington." in text(none)


def test_long_paragraph_is_a_fragment_in_results_and_whole_in_the_article(
        tiny: FlaskClient, write_article: WriteArticle, rebuild: Callable[[], None]) -> None:
    long = " ".join(["Filler words about nothing in particular."] * 20 + ["The lithium deal."]
                    + ["More filler after the fact."] * 10)
    write_article("long", long, title="Long read")
    rebuild()
    result = body(tiny.get("/search?q=lithium"))
    assert "The <mark>lithium</mark> deal." in result
    assert len(text(section(result, '<p class="hit__text">', "</p>"))) < 500
    article = body(tiny.get("/a/long?q=lithium"))
    paragraph = section(article, 'id="p1"', "</p>")
    assert "The <mark>lithium</mark> deal." in paragraph
    assert paragraph.count("Filler words") == 20 and paragraph.count("More filler") == 10


def test_an_empty_index_serves_empty_pages(rebuild: Callable[[], None], index_dir: Path) -> None:
    rebuild()
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert "0 articles, 0 paragraphs." in text(client.get("/"))
    for url in ("/search?q=coup", "/search", "/search?q=coup+army&outlet=Wedge"):
        assert count_line(body(client.get(url))) == "No paragraphs match.", url
    data = client.get("/api/search?q=coup+army").json
    assert data is not None and data["total"] == 0 and data["results"] == []


def test_timeline_of_many_outlets_groups_the_smaller_ones(
        write_article: WriteArticle, rebuild: Callable[[], None], index_dir: Path) -> None:
    # outlet n has n + 1 paragraphs about the coup, all in November 2019
    for n in range(10):
        write_article(f"a{n}", "\n\n".join(["The coup."] * (n + 1)), outlet=f"Outlet {n}")
    rebuild()
    page = body(create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
                .get("/search?q=coup"))
    chart = section(page, '<section class="timeline"', "</section>")
    legend = re.findall(r'<li><span class="swatch (c\d)"></span>([^<]+)</li>', chart)
    assert legend == [("c0", "Outlet 3"), ("c1", "Outlet 4"), ("c2", "Outlet 5"),
                      ("c3", "Outlet 6"), ("c4", "Outlet 7"), ("c5", "Outlet 8"),
                      ("c6", "Outlet 9"), ("c7", "Other outlets")]
    table = section(chart, "<table>", "</table>")
    assert text(table).split("Total ")[1] == "November 2019 4 5 6 7 8 9 10 6 55"
    assert re.findall(r'aria-label="([^"]+)"', chart)[1] == (
        "November 2019: 55 paragraphs (Outlet 3 4, Outlet 4 5, Outlet 5 6, Outlet 6 7, "
        "Outlet 7 8, Outlet 8 9, Outlet 9 10, Other outlets 6)")


def test_nothing_found_offers_ways_forward_and_no_actions_on_nothing(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=Senkata+army&outlet=Wedge"))
    assert count_line(page) == "No paragraphs match."
    ways = section(page, '<section class="nothing"', "</section>")
    links = re.findall(r'<a href="([^"]+)">(.*?)</a>: (\d+) paragraph', ways)
    assert links == [
        ("/search?q=Senkata+army", "the same search without the filters", "1")]
    for action in ("Compare outlets", "CSV", "Follow this search", "Cite the paragraphs"):
        assert action not in text(page)
    assert "Compare outlets" in text(body(tiny.get("/search?q=coup")))
    some = section(body(tiny.get("/search?q=Senkata+Cochabamba")), '<section class="nothing"',
                   "</section>")
    assert re.findall(r'<a href="([^"]+)">(.*?)</a>: (\d+) paragraph', some) == [
        ("/search?q=Senkata+OR+Cochabamba", "<code>Senkata OR Cochabamba</code>", "2")]
    # words with a wildcard or edits have no some-words step: either of them is offered
    patterns = section(body(tiny.get("/search?q=Senk%3Fta+Cochab*")), '<section class="nothing"',
                       "</section>")
    assert re.findall(r'<a href="([^"]+)">(.*?)</a>: (\d+) paragraph', patterns) == [
        ("/search?q=Senk?ta+OR+Cochab*", "<code>Senk?ta OR Cochab*</code>", "2")]
    # none of the words searched is in any paragraph: "qqqzzz OR in" would find only "in",
    # a stop word the search left out
    stop = body(tiny.get("/search?q=qqqzzz+in"))
    assert count_line(stop) == "No paragraphs match."
    assert re.findall(r'<a href="([^"]+)">(.*?)</a>: (\d+) paragraph',
                      section(stop, '<section class="nothing"', "</section>")) == []


def test_nothing_found_without_filters_shows_no_empty_filters(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=zzzzqqq"))
    assert 'class="filters-panel"' not in page
    assert "All of the syntax" in text(section(page, '<section class="nothing"', "</section>"))


def test_the_paragraph_page_keeps_the_query_and_highlights_it(tiny: FlaskClient) -> None:
    page = body(tiny.get("/search?q=Senkata"))
    [pid] = hit_ids(page)
    paragraph = body(tiny.get(f"/a/flag/p/{pid}?q=Senkata"))
    cited = section(paragraph, '<blockquote class="cited"', "</blockquote>")
    assert "The army opened fire in <mark>Senkata</mark>." in cited
    assert 'id="header-q" type="search" name="q" value="Senkata"' in paragraph
    assert '<link rel="canonical" href="http://localhost/a/flag/p/' + pid + '">' in paragraph
    assert "<mark>" not in body(tiny.get(f"/a/flag/p/{pid}"))
    assert "A click on the citation selects all of it." in text(paragraph)


def test_back_to_the_search_returns_to_the_search_as_it_was(tiny: FlaskClient) -> None:
    came_from = "http://localhost/search?q=coup&outlet=Wedge&sort=oldest&page=2"
    article = body(tiny.get("/a/flag?q=coup", headers={"Referer": came_from}))
    assert ('<a href="/search?q=coup&amp;outlet=Wedge&amp;sort=oldest&amp;page=2">Back to the '
            "search</a>") in article
    elsewhere = body(tiny.get("/a/flag?q=coup", headers={"Referer": "http://evil.test/search?x"}))
    assert '<a href="/search?q=coup">Back to the search</a>' in elsewhere


def test_the_list_of_articles_is_sortable(tiny: FlaskClient) -> None:
    def rows(url: str) -> list[str]:
        table = section(body(tiny.get(url)), "<tbody>", "</tbody>")
        return [text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]

    newest = rows("/a")
    assert len(newest) == 3
    assert newest[0] == "Socialists win Wedge 19 October 2020 3"
    assert newest[-1].endswith("13 November 2019 " + newest[-1].split()[-1])
    assert rows("/a?sort=oldest") == newest[::-1]
    by_title = [r.split(" Red Flag")[0].split(" Wedge")[0] for r in rows("/a?sort=title")]
    assert by_title == sorted(by_title, key=str.casefold)
    assert [int(r.split()[-1]) for r in rows("/a?sort=paragraphs")] == sorted(
        (int(r.split()[-1]) for r in newest), reverse=True)
    assert rows("/a?sort=nonsense") == newest
    page = body(tiny.get("/a"))
    assert 'href="/a/flag"' in page and 'href="/search?outlet=Red+Flag"' in page


def test_the_list_of_outlets_links_to_their_searches(tiny: FlaskClient) -> None:
    page = body(tiny.get("/outlets"))
    table = text(section(page, "<tbody>", "</tbody>"))
    assert table == "Red Flag 1 4 Wedge 1 3 World Socialist Web Site 1 2"
    assert '<a href="/search?outlet=World+Socialist+Web+Site">' in page
    assert "socialist left" in text(page)


def test_the_about_page_says_how_the_collection_was_chosen(tiny: FlaskClient) -> None:
    shown = text(tiny.get("/about"))
    assert "How the collection was chosen" in shown
    assert "Every outlet in this collection writes from the socialist left" in shown
    assert '<meta name="description" content="' in body(tiny.get("/about"))
