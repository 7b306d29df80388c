import numpy as np
import pytest

from sklearn_moo.datasets import load_adult


def test_load_adult_frame_matches_the_documented_counts():
    pytest.importorskip("pandas")
    adult = load_adult()
    assert adult.data.shape == (48842, 14)
    assert int(adult.target.sum()) == 11687
    assert adult.data["workclass"].isna().sum() == 2799
    assert list(adult.sensitive_features.columns) == ["sex", "race"]
    assert (adult.split == "train").sum() == 32561
    assert "CC BY 4.0" in adult.DESCR and "10.24432/C5XW20" in adult.DESCR


def test_load_adult_arrays_subset_and_subsample():
    data, target = load_adult(as_frame=False, return_X_y=True, subset="test")
    assert data.shape == (16281, 14) and data.dtype == object
    small = load_adult(as_frame=False, n_samples=1000, random_state=0)
    assert small.data.shape == (1000, 14)
    assert abs(small.target.mean() - 0.239) < 0.002
    again = load_adult(as_frame=False, n_samples=1000, random_state=0)
    np.testing.assert_array_equal(small.target, again.target)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(subset="val"), "subset must be one of"),
        (dict(n_samples=0), "n_samples must be in"),
    ],
)
def test_load_adult_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_adult(as_frame=False, **kwargs)
