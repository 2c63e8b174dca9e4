"""Why (not)? on the advice page by name or id (issue 19.8): a name from the datalist
is understood, a typo gets suggestions at its field, and a bad entry never breaks the
downloads or the print version: they say in its place why it is left out."""

from __future__ import annotations

import html

IID = "1a-gastlessen-rolmodellen"


def test_the_datalist_offers_names(client, kb):
    page = client.get("/recommend?region=twente").get_data(as_text=True)
    datalist = page.split('<datalist id="intervention-ids">')[1].split("</datalist>")[0]
    assert datalist.count("<option ") == len(kb.interventions)
    assert f'<option value="{html.escape(kb.interventions[IID].label)}">{IID}</option>' in datalist
    assert "Interventie (naam of id)" in page


def test_a_name_is_explained_like_its_id(client, kb):
    response = client.get("/recommend?region=twente&explain=Gastlessen+en+aansprekende+rolmodellen")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"explain={IID}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<section id="why"' in page and f'<span class="id">{IID}</span>' in page


def test_a_typo_gets_suggestions_at_its_field(client, kb):
    response = client.get("/recommend?region=twente&explain=gastlesen")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    error = page.split('id="explain-error">')[1].split("</p>")[0]
    assert "bedoelt u" in error and kb.interventions[IID].label in error
    assert '<article class="arrangement"' in response.get_data(as_text=True)
    english = html.unescape(client.get("/recommend?region=twente&explain=gastlesen&lang=en")
                            .get_data(as_text=True))
    assert "did you mean" in english and kb.interventions[IID].label_en in english


def test_a_bad_entry_never_breaks_the_downloads_or_print(client):
    query = "region=twente&explain=gastlesen"
    plain = "region=twente"
    for path in ("/recommend/report.md", "/recommend/print", "/recommend/profile.yaml",
                 "/recommend.json"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, path
    markdown = client.get(f"/recommend/report.md?{query}").get_data(as_text=True)
    assert "Waarom (niet)? is hier weggelaten" in markdown and "bedoelt u" in markdown
    printed = client.get(f"/recommend/print?{query}").get_data(as_text=True)
    assert 'class="note explain-unusable"' in printed
    # and the advice itself is the same as without the entry
    assert client.get(f"/recommend.json?{query}").get_json()["arrangements"] == \
        client.get(f"/recommend.json?{plain}").get_json()["arrangements"]
    # a bad profile value still stops a download, named
    assert client.get("/recommend/report.md?region=twente&top=99").status_code == 400
