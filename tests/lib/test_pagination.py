import pytest
from django.urls import reverse

from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_page_links_keep_the_other_query_parameters(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        QuestionFactory(prompt=f"Bayes question {n}?")
    body = client.get(reverse("bank:search"), {"q": "Bayes", "page": "2"}).content.decode()
    assert 'aria-label="Result pages"' in body
    assert 'href="?q=Bayes&amp;page=1"' in body and 'href="?q=Bayes&amp;page=3"' in body


@pytest.mark.parametrize("page", ["abc", "-1", "999", ""])
def test_a_bad_page_number_falls_back_to_a_valid_page(client, settings, page):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(3):
        QuestionFactory(prompt=f"Bayes question {n}?")
    response = client.get(reverse("bank:search"), {"q": "Bayes", "page": page})
    assert response.status_code == 200 and "Page " in response.content.decode()
