"""The answer's language: which stemmer, stop words, negation cues and word lists the grader reads.

Specification
-------------
* Six languages are known: English (``"en"``, the default), French (``"fr"``), German
  (``"de"``), Spanish (``"es"``), Portuguese (``"pt"``) and Italian (``"it"``). A code is read
  case-insensitively and only its first part counts (``"pt-BR"`` is Portuguese); an unknown or
  empty code is English.
* Each language has its Snowball stemmer, its stop words (function words, never evidence), its
  negation cues ("ne ... pas", "nicht", "kein", "no", "nunca", "não", "nenhum", "non", "mai",
  ...), the words that open a new clause (a negation never reaches past its clause: "nicht X,
  sondern Y"), its direction words ("plus"/"moins", "mehr"/"weniger", ...) and a few opposite
  pairs.
* A cue word that is also a noun is not a cue after a determiner (French "le pas", "un pas",
  "taille de pas": a step).
* A negation reaches the words after its cue in Romance languages and English; in German, where
  "nicht" often ends the clause and "kein" follows the verb, those two (and "nie", "nichts")
  reach their whole clause, while "ohne" and "statt" reach forward.
* Accents are folded after stemming ("entraînement" and "entrainement" meet on one stem), and a
  word is a stop word or a cue whether or not its accents are typed ("nao" is "não"), except
  where folding would make it another common word (Italian "né" and "ne").
* English keeps its richer lists (:mod:`.lexicon`): synonyms, multiword phrases, spelled-out
  contractions and British spellings. The other languages are matched on stems alone.
* The grader reads the active language (:func:`active`), set for the length of one grading
  call by :func:`use`; the setting is per thread and per task, so concurrent requests grading
  in different languages do not meet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from interview.practice.grading import lexicon

CODES: tuple[str, ...] = ("en", "fr", "de", "es", "pt", "it")
"""The languages the grader knows, English first (the default)."""


def fold(word: str) -> str:
    """``word`` without accents or other combining marks ("entraîné" -> "entraine"); "ß"
    becomes "ss"."""
    decomposed = unicodedata.normalize("NFKD", word)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ß", "ss")


@dataclass(frozen=True, eq=False)
class Language:
    """The word lists of one language (compared and hashed by identity: one object each)."""

    code: str
    stemmer: str
    stop_words: frozenset[str]
    negation_cues: frozenset[str]
    clause_words: tuple[str, ...]
    generic_words: frozenset[str] = frozenset()
    synonyms: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, str], ...] = ()
    opposites: tuple[tuple[str, str], ...] = ()
    direction_up: frozenset[str] = frozenset()
    direction_down: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    english: bool = False
    unfoldable: frozenset[str] = frozenset()
    clause_negation: frozenset[str] = frozenset()
    noun_cues: dict[str, frozenset[str]] = field(default_factory=dict)
    term_prefixes: frozenset[str] = frozenset()
    restrictive: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    join_words: frozenset[str] = frozenset()
    clause_denial: frozenset[str] = frozenset()
    relative_words: frozenset[str] = frozenset()
    derivations: tuple[str, ...] = ()
    auxiliaries: frozenset[str] = frozenset()
    _cues: frozenset[str] = field(init=False, repr=False, default=frozenset())
    _stops: frozenset[str] = field(init=False, repr=False, default=frozenset())
    _relations: frozenset[str] = field(init=False, repr=False, default=frozenset())

    def __post_init__(self) -> None:
        # Each list with its spellings without accents (one set look-up per word).
        def with_folded(words: frozenset[str]) -> frozenset[str]:
            return words | (frozenset(fold(w) for w in words) - self.unfoldable)

        object.__setattr__(self, "_cues", with_folded(self.negation_cues))
        object.__setattr__(self, "_stops", with_folded(self.stop_words))
        object.__setattr__(self, "_relations", with_folded(self.relations))

    def is_cue(self, word: str) -> bool:
        """Whether ``word`` (lowercased) opens a negation scope."""
        return word in self._cues

    def not_cues(self, words: list[str]) -> frozenset[int]:
        """Positions of cue words that negate nothing here: a cue that forms a term with the
        next word ("no lineal", "non linéaire": a kind of function, not a denial), and the
        opener of a restriction closed later in the clause without another cue between
        ("ne dépend que de ...": only, not never)."""
        skipped: set[int] = set()
        for i, word in enumerate(words[:-1]):
            if word in self._cues and fold(words[i + 1]).startswith(tuple(self.term_prefixes)):
                skipped.add(i)
        openers, closers = self.restrictive
        for i, word in enumerate(words):
            if word not in openers:
                continue
            for later in words[i + 1 :]:
                if later in closers:
                    skipped.add(i)
                    break
                if later in self._cues and later not in openers:
                    break
        return frozenset(skipped)

    def is_stop(self, word: str) -> bool:
        """Whether ``word`` (lowercased) is a function word."""
        return word in self._stops

    def is_relation(self, word: str) -> bool:
        """Whether ``word`` is an asymmetric relation word ("after", "avant")."""
        return word in self._relations


# Technical terms that are written the same way in every language and whose swap is a classic
# wrong answer.
_SHARED_OPPOSITES: tuple[tuple[str, str], ...] = (
    ("l1", "l2"),
    ("lasso", "ridge"),
    ("bagging", "boosting"),
)

ENGLISH = Language(
    code="en",
    stemmer="english",
    stop_words=lexicon.STOP_WORDS,
    negation_cues=lexicon.NEGATION_CUES,
    clause_words=("but", "while", "whereas", "so", "because", "which", "although"),
    join_words=frozenset({"and", "or", "then"}),
    clause_denial=frozenset({"not", "never", "none", "nothing"} | lexicon.DISMISSALS),
    relative_words=frozenset({"that", "who", "if", "when", "unless", "whether"}),
    derivations=("er", "est", "en", "i"),
    auxiliaries=frozenset(
        {"can", "could", "will", "would", "may", "might", "must", "should", "shall", "is"}
        | {"are", "was", "were", "has", "have", "had", "does", "do", "did", "it", "they"}
    ),
    generic_words=lexicon.GENERIC_WORDS,
    synonyms=lexicon.SYNONYMS,
    phrases=lexicon.PHRASES,
    opposites=lexicon.OPPOSITES,
    direction_up=lexicon.DIRECTION_UP,
    direction_down=lexicon.DIRECTION_DOWN,
    relations=lexicon.RELATIONS,
    english=True,
)

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
"""Single letters are notation ("probabilité p", "q, k, v"): generic words, not stop words,
unless the language has them as words (French "a", "y", Spanish "y", "o", ...)."""

_TERM_PREFIXES = frozenset(
    {"linea", "maxim", "massim", "parametr", "supervis", "convex", "convess", "stationn"}
    | {"estacion", "stazion", "saturan", "saturat", "negativ", "nul", "null", "zero", "cero"}
)
"""Word starts that make "no"/"non" + word a technical term ("no lineal", "non linéaire",
"supresión de no máximos", "non parametrico", "non supervisé"), not a denial."""

_SIBLING_TABLE = """
fr: stable/instable parallèle/séquentiel biais/variance local/global linéaire/quadratique
fr: moyenne/médiane population/échantillon encodeur/décodeur entraînement/inférence
fr: maximum/minimum positif/négatif
de: stabil/instabil parallel/sequenziell verzerrung/varianz lokal/global linear/quadratisch
de: mittelwert/median grundgesamtheit/stichprobe encoder/decoder training/inferenz
de: maximum/minimum positiv/negativ
es: estable/inestable paralelo/secuencial sesgo/varianza local/global lineal/cuadrático
es: media/mediana población/muestra codificador/decodificador entrenamiento/inferencia
es: máximo/mínimo positivo/negativo
pt: estável/instável paralelo/sequencial viés/variância local/global linear/quadrático
pt: média/mediana população/amostra codificador/decodificador treinamento/inferência
pt: máximo/mínimo positivo/negativo
it: stabile/instabile parallelo/sequenziale bias/varianza locale/globale lineare/quadratico
it: media/mediana popolazione/campione encoder/decoder addestramento/inferenza massimo/minimo
it: positivo/negativo
"""
"""Sibling concepts that classic wrong answers swap, as "word/opposite" pairs listed per
language code (a language's pairs may run over several lines): stable/unstable,
parallel/sequential, bias/variance, local/global, linear/quadratic, mean/median,
population/sample, encoder/decoder, training/inference, maximum/minimum, positive/negative."""


def _words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


def _siblings(code: str) -> tuple[tuple[str, str], ...]:
    """The pairs of ``code`` in :data:`_SIBLING_TABLE`."""
    pairs = []
    for row in _SIBLING_TABLE.strip().splitlines():
        row_code, _, cells = row.partition(":")
        if row_code == code:
            for cell in cells.split():
                first, second = cell.split("/")
                pairs.append((first, second))
    return tuple(pairs)


def _language(
    *,
    code: str,
    generic_words: frozenset[str],
    term_prefixes: frozenset[str] | None = None,
    **fields: Any,
) -> Language:
    """A language other than English: its word lists, with the shared parts added (single
    letters as generic words, the "no"/"non" term prefixes, the shared opposites and the
    language's column of the sibling table)."""
    return Language(
        code=code,
        generic_words=generic_words | _LETTERS,
        term_prefixes=_TERM_PREFIXES if term_prefixes is None else term_prefixes,
        opposites=(*_SHARED_OPPOSITES, *_siblings(code)),
        **fields,
    )


FRENCH = _language(
    code="fr",
    stemmer="french",
    stop_words=_words(
        """
        le la les l un une des du de d au aux ce cet cette ces c ça cela ceci celui
        celle ceux il elle ils elles on je j tu nous vous me m te t se s lui leur leurs
        son sa ses mon ma mes ton ta tes notre nos votre vos qui que qu quoi dont où est
        sont être été était étaient sera seront soit sont a ai as avons avez ont avoir
        eu avait et ou mais donc car si alors puis comme en dans par pour sur sous avec
        entre chez vers à y aussi très tout tous toute toutes même autre autres chaque
        quel quelle quels quelles lequel laquelle peut peuvent doit doivent fait font
        faire ainsi lorsque quand parce puisque dont déjà encore bien assez trop certain
        certains certaines quelque quelques là ici afin selon pendant durant depuis
        c'est voire etc ex
        """
    ),
    restrictive=(frozenset({"ne", "n"}), frozenset({"que", "qu"})),
    negation_cues=_words(
        """
        ne n pas non jamais aucun aucune sans ni rien nul nulle nullement guère aulieude
        plutotque
        """
    ),
    clause_words=("mais", "tandis", "alors", "car", "donc", "qui", "puisque", "sinon"),
    # "le pas", "un pas", "taille de pas": the step (of gradient descent), not a negation.
    noun_cues={
        "pas": frozenset(
            {"le", "un", "du", "au", "ce", "chaque", "de", "petit", "petits", "grand", "grands"}
            | {"premier", "dernier", "son", "mon", "notre", "leur", "quel", "même"}
        )
    },
    phrases=(
        ("au lieu de", " aulieude "),
        ("au lieu d'", " aulieude "),
        ("plutôt que", " plutotque "),
    ),
    generic_words=_words(
        """
        utiliser utilise utilisé utilisée chose choses méthode méthodes exemple façon
        manière cas type types bon bonne problème permet permettre sert servir aide
        aider important importante
        """
    ),
    direction_up=_words(
        """
        plus augmente augmenter augmentation hausse davantage élevé élevée élevés
        élevées grand grande grands grandes croît
        """
    ),
    direction_down=_words(
        """
        moins diminue diminuer diminution baisse réduit réduire réduction faible faibles
        petit petite petits petites
        """
    ),
    relations=frozenset({"avant", "après"}),
)

GERMAN = _language(
    code="de",
    stemmer="german",
    term_prefixes=frozenset(),
    stop_words=_words(
        """
        der die das den dem des ein eine einen einem einer eines dieser diese dieses
        diesen diesem jeder jede jedes jeden jedem ich du er sie es wir ihr man mich mir
        dich dir sich uns euch ihm ihn ihnen sein seine seinen seinem seiner ihre ihren
        ihrem ihrer ist sind war waren wird werden wurde wurden worden hat haben hatte
        hatten kann können muss müssen soll sollen darf und oder aber denn sondern dass
        daß wenn weil als wie so auch nur noch schon sehr zu zum zur im in an am auf aus
        bei beim mit von vom für über unter um durch gegen bis zwischen da dann dort
        hier was wer welche welcher welches etwa also ob damit dabei dafür dazu davon
        daher jedoch bzw z b usw eben halt mal ja doch immer wieder alle alles allem
        einige viele andere anderen anderer gleich
        """
    ),
    negation_cues=_words(
        """
        nicht kein keine keinen keinem keiner keines nie niemals ohne weder nichts statt
        anstatt anstelle keineswegs
        """
    ),
    clause_words=("aber", "weil", "sondern", "denn", "obwohl", "wobei"),
    # "nicht" often ends its clause and "kein" stands before the object, after the verb;
    # "ohne", "statt" reach forward like prepositions.
    clause_negation=_words(
        """
        nicht kein keine keinen keinem keiner keines nie niemals nichts keineswegs
        """
    ),
    generic_words=_words(
        """
        verwenden benutzen nutzen ding dinge methode methoden beispiel art weise fall
        fälle gut gute problem wichtig hilft
        """
    ),
    direction_up=_words(
        """
        mehr größer größere größeren höher höhere höheren steigt steigen erhöht erhöhen
        wächst wachsen zunehmen
        """
    ),
    direction_down=_words(
        """
        weniger kleiner kleinere kleineren niedriger niedrigere sinkt sinken verringert
        verringern reduziert reduzieren senkt senken
        """
    ),
    relations=frozenset({"bevor"}),
)

SPANISH = _language(
    code="es",
    stemmer="spanish",
    stop_words=_words(
        """
        el la los las lo un una unos unas de del al a este esta estos estas ese esa esos
        esas eso esto aquel yo tú él ella ellos ellas nosotros usted ustedes me te se
        nos le les su sus mi mis tu tus nuestro nuestra que qué quien cual cuál cuyo es
        son ser era eran fue sido será sea está están estar estaba ha han he haber había
        hay y e o u pero sino porque pues si como cuando donde en con por para sobre
        entre hacia desde hasta durante según también muy todo toda todos todas mismo
        misma otro otra otros otras cada puede pueden debe deben hace hacer así ya aún
        todavía bien algo algún alguna algunos algunas etc ej decir tanto tan
        """
    ),
    negation_cues=_words(
        """
        no nunca jamás ningún ninguno ninguna ningunos ningunas sin ni nada nadie
        tampoco enlugarde envezde
        """
    ),
    clause_words=("pero", "mientras", "porque", "aunque", "sino", "pues"),
    phrases=(("en lugar de", " enlugarde "), ("en vez de", " envezde ")),
    generic_words=_words(
        """
        usar usa utilizar utiliza cosa cosas método métodos ejemplo forma manera caso
        tipo bueno buena problema importante permite ayuda sirve
        """
    ),
    direction_up=_words(
        """
        más mayor mayores aumenta aumentar aumento crece crecer alto alta altos altas
        grande grandes sube subir
        """
    ),
    direction_down=_words(
        """
        menos menor menores disminuye disminuir reduce reducir reducción bajo baja bajos
        bajas pequeño pequeña
        """
    ),
    relations=frozenset({"antes", "después"}),
)

PORTUGUESE = _language(
    code="pt",
    stemmer="portuguese",
    stop_words=_words(
        """
        o a os as um uma uns umas de do da dos das no na nos nas ao aos à às pelo pela
        pelos pelas num numa este esta estes estas esse essa esses essas isso isto
        aquele aquela eu tu ele ela eles elas nós você vocês me te se lhe lhes seu sua
        seus suas meu minha que quem qual quais cujo é são ser era eram foi foram sido
        será seja está estão estar estava tem têm ter tinha há haver e ou mas porque
        pois se como quando onde em com por para sobre entre até desde durante segundo
        também muito muita todo toda todos todas mesmo mesma outro outra outros outras
        cada pode podem deve devem faz fazer assim já ainda bem algo algum alguma alguns
        algumas etc ex tanto tão
        """
    ),
    negation_cues=_words(
        """
        não nunca jamais nenhum nenhuma nenhuns nenhumas sem nem nada ninguém tampouco
        emvezde aoinvesde
        """
    ),
    clause_words=("mas", "enquanto", "porque", "embora", "pois", "porém"),
    phrases=(
        ("em vez de", " emvezde "),
        ("ao invés de", " aoinvesde "),
        ("em vez do", " emvezde "),
        ("em vez da", " emvezde "),
    ),
    generic_words=_words(
        """
        usar usa utilizar utiliza coisa coisas método métodos exemplo forma maneira caso
        tipo bom boa problema importante permite ajuda serve
        """
    ),
    direction_up=_words(
        """
        mais maior maiores aumenta aumentar aumento cresce crescer alto alta altos altas
        grande grandes sobe subir
        """
    ),
    direction_down=_words(
        """
        menos menor menores diminui diminuir reduz reduzir redução baixo baixa baixos
        baixas pequeno pequena cai cair
        """
    ),
    relations=frozenset({"antes", "depois"}),
)

ITALIAN = _language(
    code="it",
    stemmer="italian",
    stop_words=_words(
        """
        il lo la i gli le l un uno una di del dello della dei degli delle dell a al allo
        alla ai agli alle all da dal dallo dalla dai dagli dalle dall in nel nello nella
        nei negli nelle nell su sul sullo sulla sui sugli sulle con per tra fra questo
        questa questi queste quello quella quelli io tu lui lei noi voi loro mi ti si ci
        vi ne suo sua suoi sue mio mia che chi cui quale quali è e sono essere era erano
        stato stata sarà sia ha hanno ho avere aveva o ma però perché poiché se come
        quando dove anche molto tutto tutta tutti tutte stesso stessa altro altra altri
        altre ogni può possono deve devono fa fare così già ancora bene qualcosa alcuni
        alcune ecc es quindi c durante secondo verso sopra sotto dentro fuori oppure
        """
    ),
    negation_cues=_words(
        """
        non mai nessun nessuno nessuna senza né niente nulla neanche nemmeno neppure
        invecedi anziché anzichè
        """
    ),
    clause_words=("ma", "mentre", "perché", "sebbene", "quindi", "poiché", "bensì"),
    phrases=(
        ("invece di", " invecedi "),
        ("invece del", " invecedi "),
        ("invece della", " invecedi "),
    ),
    generic_words=_words(
        """
        usare usa utilizzare utilizza cosa cose metodo metodi esempio modo caso tipo
        buono buona problema importante permette aiuta serve
        """
    ),
    direction_up=_words(
        """
        più maggiore maggiori aumenta aumentare aumento cresce crescere alto alta alti
        alte grande grandi sale
        """
    ),
    direction_down=_words(
        """
        meno minore minori diminuisce diminuire riduce ridurre riduzione basso bassa
        bassi basse piccolo piccola scende
        """
    ),
    relations=frozenset({"prima", "dopo"}),
    # "né" (neither) folds to "ne", a common pronoun: only the accented spelling is a cue.
    unfoldable=frozenset({"ne"}),
)

LANGUAGES: dict[str, Language] = {
    lang.code: lang for lang in (ENGLISH, FRENCH, GERMAN, SPANISH, PORTUGUESE, ITALIAN)
}


def resolve(code: str | None) -> Language:
    """The language of ``code`` ("fr", "FR", "pt-BR", "de_AT"); English when unknown."""
    key = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return LANGUAGES.get(key, ENGLISH)


_ACTIVE: ContextVar[Language] = ContextVar("grading_language", default=ENGLISH)


def active() -> Language:
    """The language being graded (English outside :func:`use`)."""
    return _ACTIVE.get()


@contextmanager
def use(code: str | None) -> Iterator[Language]:
    """Grade in the language of ``code`` inside the ``with`` block."""
    token = _ACTIVE.set(resolve(code))
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)
