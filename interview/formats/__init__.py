"""Date formats per language, on top of Django's own (FORMAT_MODULE_PATH).

Pages name a format (`SHORT_DATETIME_FORMAT`, `SHORT_DATE_FORMAT`, `MONTH_DAY_FORMAT`) instead of
writing one out, so each language shows dates its own way: Django's locale formats give
"01/12/2026 17:14" in French, "01.12.2026 17:14" in German. Only English is changed here, to the
unambiguous day-month order the pages used before ("1 Dec 2026, 17:14" rather than the American
"12/01/2026 5:14 p.m.").
"""
