from interview.sandbox.compare import results_compare


def compare(expected, rows, *, order=False, tolerance=1e-6, columns=None):
    return results_compare(
        expected_rows=expected,
        expected_columns=None,
        rows=rows,
        columns=columns if columns is not None else (len(rows[0]) if rows else 0),
        order_matters=order,
        tolerance=tolerance,
    )


def test_it_accepts_any_order_unless_order_matters():
    assert compare([[1, "a"], [2, "b"]], [[2, "b"], [1, "a"]]).passed
    verdict = compare([[1, "a"], [2, "b"]], [[2, "b"], [1, "a"]], order=True)
    assert not verdict.passed
    assert verdict.message == "Row 1: expected (1, 'a'), got (2, 'b')."


def test_numbers_are_equal_within_the_tolerance():
    assert compare([[0.3]], [[0.1 + 0.2]]).passed
    assert compare([[1]], [[1.0]]).passed
    assert not compare([[1.0]], [[1.1]], tolerance=0.01).passed


def test_it_names_a_missing_and_an_extra_row():
    verdict = compare([[1], [2]], [[1], [3]])
    assert (
        verdict.message == "Expected 2 row(s), got 2. A missing row: (2); an unexpected row: (3)."
    )
    assert "The first extra row: (3)" in compare([[1]], [[1], [3]], order=True).message


def test_duplicates_count():
    assert not compare([[1], [1]], [[1]]).passed


def test_column_count_must_match():
    assert compare([[1, 2]], [[1]]).message == "Expected 2 column(s), got 1."
