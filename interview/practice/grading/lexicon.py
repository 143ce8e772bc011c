"""Word lists the grader reads: stop words, negation cues, synonyms, opposites, generic words.

Specification
-------------
* Stop words carry no meaning on their own and never count as evidence. Negation cues are
  *not* stop words: they are kept apart so that :mod:`.polarity` can scope them.
* A synonym group maps every member (a single word, or a phrase rewritten to one token before
  tokenizing) to one canonical word; the canonical word is stemmed like any other word, so
  "generalises", "generalizes" and "generalization" meet on one stem.
* British spellings are folded to American ones before stemming ("neighbour" -> "neighbor",
  "optimisation" -> "optimization").
* Opposite pairs name two canonical words that contradict each other ("stable"/"unstable",
  "equivariant"/"invariant"); direction words say which way a quantity goes (up or down).
* Generic words ("use", "make", "thing") are content words too vague to be evidence alone.
* Lists are general English and general data-science vocabulary, never tied to a question.
"""

from __future__ import annotations

NEGATION_CUES: frozenset[str] = frozenset(
    {"not", "no", "never", "without", "neither", "nor", "none", "nothing", "unlike", "lack"}
    | {"lacks", "instead", "rather", "fails", "fail", "nobody", "nowhere", "ignore", "ignores"}
    | {"ignored", "ignoring", "blind", "unaware", "agnostic", "neglects", "neglect"}
    | {"wrong", "incorrect", "mistaken", "myth", "fallacy"}
    | {"harmless", "redundant", "unnecessary", "needless", "pointless", "useless", "irrelevant"}
)
"""Words that open a negated scope ("instead", "rather": "instead of", "rather than")."""

DISMISSALS: frozenset[str] = frozenset(
    {"harmless", "redundant", "unnecessary", "needless", "pointless", "useless", "irrelevant"}
)
"""Words that deny their clause's claim as a whole ("mixing the shapes is harmless")."""

STOP_WORDS: frozenset[str] = frozenset(
    {
        *("a", "an", "the", "this", "that", "these", "those", "each", "every", "any", "all"),
        *("some", "such", "own", "other", "another", "teh", "s", "t", "d", "m"),
        *("i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he"),
        *("him", "his", "she", "her", "hers", "it", "its", "itself", "they", "them", "their"),
        *("theirs", "themselves", "what", "which", "who", "whom", "whose", "something"),
        *("anything", "everything", "be", "am", "is", "are", "was", "were", "been", "being"),
        *("have", "has", "had", "having", "do", "does", "did", "doing", "can", "could", "will"),
        *("would", "shall", "should", "may", "might", "must", "about", "above", "across"),
        *("after", "against", "along", "among", "around", "at", "before", "behind", "below"),
        *("beside", "between", "beyond", "by", "during", "for", "from", "in", "inside", "into"),
        *("near", "of", "off", "on", "onto", "out", "outside", "over", "per", "since"),
        *("through", "throughout", "to", "toward", "towards", "under", "until", "up", "upon"),
        *("via", "with", "within", "and", "or", "but", "if", "then", "else", "than", "because"),
        *("as", "so", "while", "whereas", "although", "though", "either", "whether", "both"),
        *("when", "where", "why", "how", "there", "here", "also", "just", "very", "too", "only"),
        *("really", "realy", "basically", "etc", "eg", "ie", "e", "g", "vs", "versus"),
        *("quite", "rather", "instead", "ll", "ve", "re", "let", "lets", "say", "says"),
        *("becuase", "whole", "thus", "hence", "therefore", "again", "once", "way", "ways"),
    }
)
"""Function words; ``after``/``before``/``than`` are also relation words (see :mod:`.concepts`)."""

GENERIC_WORDS: frozenset[str] = frozenset(
    {
        *("use", "used", "using", "uses", "make", "makes", "made", "making", "need", "needs"),
        *("get", "gets", "got", "give", "gives", "given", "take", "takes", "thing", "things"),
        *("lot", "lots", "much", "one", "two", "three", "well", "good", "bad"),
        *("different", "difference", "main", "common", "case", "cases", "type"),
        *("types", "kind", "kinds", "work", "works", "help", "helps", "like", "see", "know"),
        *("actually", "usually", "often", "always", "even", "still", "new", "simple", "just"),
        *("method", "methods", "approach", "approaches", "result", "results", "thing"),
        *("want", "try", "look", "looks", "mean", "means", "call", "called", "go", "goes"),
        *("fine", "better", "best", "worse", "worst", "also", "certain", "specific"),
        *("way", "problem", "problems", "issue", "issues", "question", "answer", "point"),
        *("example", "examples", "instance", "practice", "practical", "idea", "concept"),
        *("x", "y", "b", "f", "n", "k", "q", "v", "w", "c", "p", "z", "j", "h", "r", "u", "o"),
    }
)
"""Content words that never count as evidence on their own (single letters included)."""

# Rewritten before tokenizing: multiword expressions that mean one thing.
PHRASES: tuple[tuple[str, str], ...] = (
    ("not only", " "),
    ("not just", " "),
    ("not necessarily", " perhaps "),
    ("rather than", " instead "),
    ("instead of", " instead "),
    ("as opposed to", " instead "),
    ("one at a time", " sequential "),
    ("step by step", " sequential "),
    ("token by token", " sequential "),
    ("one after another", " sequential "),
    ("at the same time", " parallel "),
    ("all at once", " parallel "),
    ("at once", " parallel "),
    ("in one pass", " parallel "),
    ("all else equal", " ceterisparibus "),
    ("all else being equal", " ceterisparibus "),
    ("ceteris paribus", " ceterisparibus "),
    ("other things equal", " ceterisparibus "),
    ("no matter", " regardless "),
    ("bell curve", " gaussian "),
    ("bell-shaped", " gaussian "),
    ("square root", " sqrt "),
    ("heavy tailed", " heavytail "),
    ("heavy-tailed", " heavytail "),
    ("heavy tails", " heavytail "),
    ("heavy tail", " heavytail "),
    ("fat tails", " heavytail "),
    ("fat-tailed", " heavytail "),
    ("common table expression", " cte "),
    ("with clause", " cte "),
    ("held out", " heldout "),
    ("held-out", " heldout "),
    ("left out", " heldout "),
    ("hold-out", " heldout "),
    ("holdout", " heldout "),
    ("orders of magnitude", " far "),
    ("a lot", " far "),
    ("much fewer", " far fewer "),
    ("in parallel", " parallel "),
    ("fully connected", " fullyconnected "),
    ("fully-connected", " fullyconnected "),
    ("dense layer", " fullyconnected layer "),
    ("dense layers", " fullyconnected layers "),
    ("feed forward", " feedforward "),
    ("feed-forward", " feedforward "),
    ("cross validation", " crossvalidation "),
    ("cross-validation", " crossvalidation "),
    ("cross-validate", " crossvalidation "),
    ("cross validate", " crossvalidation "),
    ("cross-validated", " crossvalidation "),
    ("n^2", " n squared "),
    ("^2", " squared "),
    ("\u00b2", " squared "),
    ("\u221a", " sqrt "),
    ("%", " percent "),
    ("four times", " fourfold "),
    ("4 times", " fourfold "),
    ("three times", " threefold "),
    ("3 times", " threefold "),
    ("ten times", " tenfold "),
    ("10 times", " tenfold "),
    ("+-", " plusminus "),
    ("\u00b1", " plusminus "),
)

SYNONYMS: tuple[tuple[str, ...], ...] = (
    # canonical word first
    ("add", "adds", "added", "adding", "addition", "sum", "sums", "summed", "summing", "plus"),
    ("average", "averages", "averaged", "averaging", "mean"),
    ("gaussian", "normal", "normally", "gauss"),
    ("parameter", "parameters", "weight", "weights", "param", "params"),
    ("evaluate", "evaluated", "evaluation", "score", "scored", "scoring", "test", "tested"),
    ("evaluate", "testing", "validate", "validated", "validation", "assess", "assessed"),
    ("train", "trained", "training", "fit", "fits", "fitted", "fitting"),
    ("error", "errors", "loss", "losses"),
    ("observation", "observations", "row", "rows", "record", "records"),
    ("feature", "features", "variable", "variables", "predictor", "predictors", "covariate"),
    ("feature", "covariates", "column", "columns", "regressor", "regressors"),
    ("proportion", "proportions", "ratio", "ratios", "share", "fraction", "fractions"),
    ("preserve", "preserves", "preserved", "keep", "keeps", "kept", "maintain", "retain"),
    ("preserve", "maintains", "retains", "stays", "stay", "remain", "remains"),
    ("shift", "shifts", "shifted", "shifting", "move", "moves", "moved", "moving", "displaced"),
    ("neighborhood", "neighbor", "neighbors", "neighboring", "nearby", "adjacent"),
    ("neighborhood", "neighbourhood", "neighbourhoods", "neighbour", "neighbours", "patch"),
    ("gradient", "gradients", "derivative", "derivatives", "backprop", "backpropagation"),
    ("early", "earlier", "first", "initial"),
    ("reach", "reaches", "flow", "flows", "propagate", "propagates", "travel", "travels"),
    ("direct", "directly", "straight", "unimpeded"),
    ("fix", "fixes", "fixed", "solve", "solves", "solved", "address", "addresses", "cure"),
    ("deep", "deeper", "deepest"),
    ("quadratic", "quadratically", "squared", "square"),
    ("parallel", "parallelize", "parallelise", "parallelized", "parallelised", "simultaneous"),
    ("parallel", "simultaneously", "concurrently", "concurrent", "parallelism"),
    ("sequential", "sequentially", "serial", "serially"),
    ("independent", "independence", "independently", "iid"),
    ("skewed", "skew", "skewness", "asymmetric", "lopsided"),
    ("overfit", "overfits", "overfitting", "overfitted", "memorize", "memorise", "memorizes"),
    ("generalize", "generalizes", "generalization", "generalise", "generalises", "generalisation"),
    ("subquery", "subqueries", "inner", "nested"),
    ("percent", "percentage", "percentages", "pct"),
    ("position", "positions", "location", "locations", "place", "places"),
    ("unchanged", "untouched", "unaffected", "intact"),
    ("stop", "stops", "stopped", "stopping", "halt", "halts"),
    ("confound", "confounder", "confounders", "confounding", "confounded"),
    ("causal", "cause", "causes", "causation", "causality", "causally"),
    ("unstable", "instability", "fragile", "volatile"),
    ("stable", "stability", "robust"),
    ("correlated", "correlation", "correlations", "correlate", "collinear", "collinearity"),
    ("shared", "share", "sharing", "reuse", "reuses", "reused", "tied"),
    # direction words: every word saying "up" meets on "more", every word saying "down" on "less"
    ("more", "many", "larger", "large", "big", "bigger", "huge", "greater", "great", "largest"),
    ("more", "higher", "high", "highest", "increase", "increases", "increased", "increasing"),
    ("more", "grow", "grows", "growing", "rise", "rises", "longer"),
    ("more", "raise", "raises", "raised", "raising"),
    ("less", "fewer", "few", "smaller", "small", "tiny", "smallest", "lower", "low", "lowest"),
    ("less", "decrease", "decreases", "decreased", "decreasing", "reduce", "reduces", "reduced"),
    ("less", "reducing", "reduction", "shrink", "shrinks", "shrinking", "shrunk", "shrinkage"),
    ("less", "shorter", "lowers", "lowered", "lowering"),
    ("future", "later", "subsequent", "upcoming"),
    ("past", "previous", "prior", "preceding"),
    ("probability", "probabilities", "chance", "likelihood"),
    ("dataset", "datasets", "data"),
    ("target", "targets", "label", "labels", "outcome", "response"),
    ("optimistic", "inflated", "overestimate", "overestimates", "overestimated", "overly"),
    ("leak", "leaks", "leaked", "leaking", "leakage", "contaminate", "contaminates"),
    ("compute", "computes", "computed", "computing", "calculate", "calculated", "calculates"),
    ("regardless", "whatever", "irrespective"),
    ("entity", "entities", "patient", "patients", "user", "users", "customer", "customers"),
    # general explanatory verbs and adjectives
    ("prevent", "prevents", "prevented", "avoid", "avoids", "avoided", "avoiding", "stops"),
    ("remove", "removes", "removed", "removing", "drop", "drops", "dropped", "dropping"),
    ("remove", "delete", "deletes", "deleted", "discard", "discards", "eliminate", "eliminates"),
    ("combine", "combines", "combined", "combining", "merge", "merges", "merged", "merging"),
    ("divide", "divides", "divided", "dividing", "split", "splits", "splitting"),
    ("choose", "chooses", "chose", "chosen", "choosing", "select", "selects", "selected"),
    ("choose", "selecting", "pick", "picks", "picked", "picking"),
    ("fast", "faster", "quick", "quicker", "quickly", "speedy", "cheap", "cheaper"),
    ("slow", "slower", "expensive", "costly", "pricey"),
    ("similar", "close", "closer", "alike"),
    ("measure", "measures", "measured", "quantify", "quantifies", "quantified"),
    ("limit", "limits", "limited", "cap", "caps", "capped", "bound", "bounds", "bounded"),
    ("outlier", "outliers", "extreme", "extremes", "anomaly", "anomalies"),
    ("require", "requires", "required", "requiring", "demand", "demands"),
    # multiples: "four times", "4x", "quadrupling" (the phrases above give "fourfold")
    ("fourfold", "quadruple", "quadruples", "quadrupled", "quadrupling", "4x"),
    ("threefold", "triple", "triples", "tripled", "tripling", "3x"),
    ("tenfold", "10x"),
)

SPELLING_EXCEPTIONS: frozenset[str] = frozenset(
    {"noise", "otherwise", "raise", "raised", "rise", "exercise", "wise", "promise", "advise"}
    | {"surprise", "comprise", "precise", "concise", "premise", "expertise", "likewise"}
    | {"franchise", "merchandise", "enterprise", "paradise", "praise", "cruise", "bruise"}
    | {"hour", "four", "your", "our", "tour", "pour", "flour", "sour", "devour", "contour"}
)
"""Words the British-to-American folding leaves alone."""

OPPOSITES: tuple[tuple[str, str], ...] = (
    ("stable", "unstable"),
    ("equivariant", "invariant"),
    ("parallel", "sequential"),
    ("independent", "dependent"),
    ("local", "global"),
    ("linear", "quadratic"),
    ("add", "concatenate"),
    ("finite", "infinite"),
    ("optimistic", "pessimistic"),
    ("past", "future"),
    ("shallow", "deep"),
    ("shallow", "recursive"),
    ("biased", "unbiased"),
    ("correct", "incorrect"),
    ("convex", "nonconvex"),
    ("sparse", "dense"),
    ("underfit", "overfit"),
    ("precision", "recall"),
    ("mutable", "immutable"),
    ("supervised", "unsupervised"),
    ("unchanged", "change"),
    # sibling concepts that classic wrong answers swap
    ("l1", "l2"),
    ("lasso", "ridge"),
    ("bias", "variance"),
    ("bagging", "boosting"),
    ("median", "average"),
    ("population", "sample"),
    ("encoder", "decoder"),
    ("inner", "outer"),
    ("maximum", "minimum"),
    ("max", "min"),
    ("upper", "lower"),
    ("positive", "negative"),
    ("necessary", "sufficient"),
    ("parametric", "nonparametric"),
    ("generative", "discriminative"),
    ("deterministic", "random"),
    ("deterministic", "stochastic"),
    ("synchronous", "asynchronous"),
    ("online", "offline"),
    ("horizontal", "vertical"),
    ("symmetric", "asymmetric"),
    ("convex", "concave"),
    ("overestimate", "underestimate"),
    ("numerator", "denominator"),
    ("training", "inference"),
    ("copy", "view"),
    ("union", "intersection"),
)
"""Pairs of canonical words that contradict each other when they swap places."""

DIRECTION_UP: frozenset[str] = frozenset({"more"})
DIRECTION_DOWN: frozenset[str] = frozenset({"less"})
"""Canonical direction words: a quantity named next to one goes up or down."""

RELATIONS: frozenset[str] = frozenset({"after", "before", "than"})
"""Asymmetric relation words: the concepts on either side of them may not swap."""
