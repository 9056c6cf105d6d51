"""k-means: finds well-separated blobs, agrees with scikit-learn from the same start, is seeded."""

import itertools

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans
from sklearn.metrics import adjusted_rand_score

from dlref.clustering import KMeans
from dlref.data import make_blobs

FAR_APART = [[0.0, 0.0], [8.0, 0.0], [0.0, 8.0], [8.0, 8.0]]


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_kmeans_recovers_well_separated_blobs(init):
    X, y = make_blobs(400, centers=FAR_APART, std=0.7, seed=0)
    kmeans = KMeans(4, init=init, seed=0).fit(X)
    assert adjusted_rand_score(y, kmeans.labels_) == 1.0
    # each centre lies near one true mean
    distances = np.linalg.norm(kmeans.cluster_centers_[:, None] - np.array(FAR_APART)[None], axis=2)
    assert np.all(distances.min(axis=1) < 0.2)
    np.testing.assert_array_equal(kmeans.predict(X), kmeans.labels_)


def test_kmeans_matches_scikit_learn_from_the_same_initial_centres():
    """Overlapping blobs, so Lloyd's iterations move the centres many times before they settle."""
    X, _ = make_blobs(500, centers=5, std=2.5, seed=1)
    init = X[:5]
    ours = KMeans(5, init=init).fit(X)
    theirs = SkKMeans(5, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(X)
    assert ours.n_iter_ == theirs.n_iter_ == 8
    assert abs(ours.inertia_ - theirs.inertia_) <= 1e-8 * theirs.inertia_
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-10)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    manual = sum(np.sum((X[ours.labels_ == k] - c) ** 2) for k, c in enumerate(ours.cluster_centers_))
    assert ours.inertia_ == pytest.approx(manual, rel=1e-12)


def test_kmeans_inertia_never_increases():
    X, _ = make_blobs(300, centers=6, std=3.0, seed=2)
    inertias = [KMeans(6, init=X[:6], max_iter=i).fit(X).inertia_ for i in range(1, 10)]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(inertias))
    assert inertias[-1] < inertias[0]


def test_kmeans_is_seeded():
    X, _ = make_blobs(300, centers=6, std=3.0, seed=2)
    for init in ("k-means++", "random"):
        first, again = KMeans(6, init=init, seed=5).fit(X), KMeans(6, init=init, seed=5).fit(X)
        np.testing.assert_array_equal(first.cluster_centers_, again.cluster_centers_)
        np.testing.assert_array_equal(first.labels_, again.labels_)
        assert first.n_iter_ == again.n_iter_


def test_kmeans_plus_plus_spreads_the_initial_centres():
    """On 4 far-apart blobs, k-means++ starts with one centre per blob far more often than random.

    Measured over seeds 0-49: k-means++ 84% (87% over 1000 seeds: an outlier
    of a covered blob is sometimes drawn), random picks 10% (4!/4^4 = 9.4% expected).
    """
    X, _ = make_blobs(400, centers=FAR_APART, std=0.7, seed=0)

    def one_per_blob(init, seed):
        start = KMeans(4, init=init, max_iter=1, seed=seed)._initial_centers(X)
        nearest = np.argmin(np.linalg.norm(start[:, None] - np.array(FAR_APART)[None], axis=2), axis=1)
        return len(set(nearest)) == 4

    plus_plus = np.mean([one_per_blob("k-means++", seed) for seed in range(50)])
    random = np.mean([one_per_blob("random", seed) for seed in range(50)])
    assert plus_plus >= 0.75 and random <= 0.25


@pytest.mark.parametrize("kwargs, match", [
    ({"n_clusters": 0}, r"^KMeans: expected n_clusters \(K\) to be an integer >= 1, got 0$"),
    ({"n_clusters": 2.0}, r"^KMeans: expected n_clusters \(K\) to be an integer >= 1, got 2.0$"),
    ({"n_clusters": 2, "max_iter": 0}, r"^KMeans: expected max_iter to be an integer >= 1, got 0$"),
    ({"n_clusters": 2, "init": "kmeans++"}, r"^KMeans: expected init to be one of 'k-means\+\+', 'random', got 'kmeans\+\+'$"),
    ({"n_clusters": 2, "init": [[0.0, 0.0]]},
     r"^KMeans: expected init \(the initial centres\) to be of shape \(2, D\), got shape \(1, 2\)$"),
    ({"n_clusters": 2, "init": [[0.0, np.nan], [1.0, 1.0]]},
     r"^KMeans: expected init \(the initial centres\) to be finite numbers, got nan at index \(0, 1\)$"),
    ({"n_clusters": 2, "seed": -1}, r"^KMeans: expected seed to be an integer >= 0, got -1$"),
])
def test_kmeans_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        KMeans(**kwargs)


def test_kmeans_rejects_bad_data():
    with pytest.raises(ValueError, match=r"^KMeans.fit\(\): expected X to be at least K = 5 samples, got N = 3$"):
        KMeans(5).fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"^KMeans.fit\(\): expected X to be of shape \(N, D\), got shape \(6,\)$"):
        KMeans(2).fit(np.zeros(6))
    with pytest.raises(ValueError, match=r"^KMeans.fit\(\): expected X to be of shape \(N, 3\), got shape \(6, 2\)$"):
        KMeans(2, init=np.zeros((2, 3))).fit(np.zeros((6, 2)))
    with pytest.raises(ValueError, match=r"^KMeans.fit\(\): expected X to be at least K = 3 distinct points, got fewer$"):
        KMeans(3, seed=0).fit([[1.0], [1.0], [2.0], [2.0]])
    with pytest.raises(ValueError, match=r"^KMeans.fit\(\): expected X to be finite numbers, got inf at index \(1, 0\)$"):
        KMeans(2).fit([[1.0], [np.inf], [2.0]])
    with pytest.raises(ValueError, match=r"^KMeans.fit\(\): expected X to be an array of real numbers, got dtype <U1"):
        KMeans(2).fit([["a"], ["b"]])
    with pytest.raises(ValueError, match=r"^KMeans.predict\(\): expected the model to be fitted first, with fit\(X\), got an unfitted KMeans$"):
        KMeans(2).predict(np.zeros((3, 2)))
    kmeans = KMeans(2, seed=0).fit(np.arange(8.0).reshape(4, 2))
    with pytest.raises(ValueError, match=r"^KMeans.predict\(\): expected X to be of shape \(N, 2\), got shape \(3, 3\)$"):
        kmeans.predict(np.zeros((3, 3)))
