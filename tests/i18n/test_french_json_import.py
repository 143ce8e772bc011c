"""Problems found in a JSON import file are written in the editor's language; the field names,
slugs and the parser's own detail stay as written in the file."""

import json

from django.utils import translation

from interview.bank.transfer.json_format import parse_json


def problems_in_french(document) -> list[str]:
    text = document if isinstance(document, str) else json.dumps(document, indent=2)
    with translation.override("fr"):
        parsed = parse_json(name="bank.json", text=text)
    return [problem.message for problem in parsed.problems]


def test_json_problems_in_french():
    topic = {
        "slug": "stats",
        "name": "Statistics",
        "colour": "blue",
        "notes": [{"title": ""}],
        "questions": [
            {
                "slug": "p-value",
                "prompt": "What is a p-value?",
                "order": -1,
                "key_points": [{"text": "Probability", "keywords": 3}],
                "choices": [{"text": "Yes", "is_correct": "yes"}],
            },
            {"prompt": 42},
        ],
    }
    messages = problems_in_french(topic)
    assert "thème stats : champ inconnu 'colour'" in messages
    assert "thème stats : la note de cours n° 1 a un titre vide" in messages
    assert "question p-value : 'order' doit être un nombre entier >= 0" in messages
    assert "question p-value : point clé n° 1 : 'keywords' doit être une liste" in messages
    assert "question p-value : option n° 1 : 'is_correct' doit valoir true ou false" in messages
    assert "question n° 2 du thème stats : 'prompt' doit être une chaîne de caractères" in messages
    assert len(messages) == 6


def test_a_file_that_is_not_json_in_french():
    (message,) = problems_in_french('{"slug": "stats",\n  "name": }')
    assert message.startswith("JSON invalide à la ligne 2, colonne 11 : ")
    assert message.endswith("(est-ce bien un fichier JSON ?)")
    (message,) = problems_in_french(["stats"])
    assert message == (
        "le niveau supérieur doit être un objet JSON (un thème, ou un export avec « topics »)"
    )
    (message,) = problems_in_french({"format": "other-app", "topics": []})
    assert message == "pas un export de cette application : 'other-app'"
    (message,) = problems_in_french({"version": 2, "topics": []})
    assert message == "version 2 non prise en charge (cette application lit la 1)"
