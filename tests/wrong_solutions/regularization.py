"""Plausible wrong solutions to the implement exercises of docs/chapters/regularization.md, and the hint each must get."""

import numpy as np


def dropout_unscaled(a, p, rng):
    return a * (rng.random(a.shape) >= p)


def dropout_times(a, p, rng):
    return a * (rng.random(a.shape) >= p) * (1 - p)


def dropout_keep_p(a, p, rng):
    return a * (rng.random(a.shape) < p) / (1 - p)


def dropout_one_mask(a, p, rng):
    return a * (rng.random(a.shape[1:]) >= p) / (1 - p)


def l2_half(weights, lam):
    return lam / 2 * sum((w**2).sum() for w in weights), [lam * w for w in weights]


def l2_abs(weights, lam):
    return lam * sum(np.abs(w).sum() for w in weights), [lam * np.sign(w) for w in weights]


def l2_norm(weights, lam):
    total = sum((w**2).sum() for w in weights)
    return lam * np.sqrt(total), [lam * w / np.sqrt(total) for w in weights]


def l2_grad_no_two(weights, lam):
    return lam * sum((w**2).sum() for w in weights), [lam * w for w in weights]


def l2_mean(weights, lam):
    n = sum(w.size for w in weights)
    return lam * sum((w**2).sum() for w in weights) / n, [2 * lam * w / n for w in weights]


def stop_ties(losses, patience):
    best, best_epoch, wait = float("inf"), None, 0
    for epoch, value in enumerate(losses):
        if value <= best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, None


def stop_late(losses, patience):
    best, best_epoch, wait = float("inf"), None, 0
    for epoch, value in enumerate(losses):
        if value < best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait > patience:
                return best_epoch, epoch
    return best_epoch, None


def stop_no_reset(losses, patience):
    best, best_epoch, wait = float("inf"), None, 0
    for epoch, value in enumerate(losses):
        if value < best:
            best, best_epoch = value, epoch
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, None


def stop_global_best(losses, patience):
    best, wait = float("inf"), 0
    for epoch, value in enumerate(losses):
        if value < best:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return int(np.argmin(losses)), epoch
    return int(np.argmin(losses)), None


WRONG = {
    "regularization/dropout-forward": [(dropout_unscaled, "scale them by 1/(1 − p)"), (dropout_times, "divide by it"),
                                       (dropout_keep_p, "keep each with probability 1 − p"), (dropout_one_mask, "its own")],
    "regularization/l2-penalty": [(l2_half, "factor ½"), (l2_abs, "L1"), (l2_norm, "without the square root"),
                                  (l2_mean, "sums them"), (l2_grad_no_two, "2λw")],
    "regularization/early-stopping": [(stop_ties, "equal to the best"), (stop_late, "one epoch late"),
                                      (stop_no_reset, "restarts at 0"), (stop_global_best, "never ran")],
}


def dropout_global_rng(a, p, rng):
    return a * (np.random.random(a.shape) >= p) / (1 - p)


def l2_penalty_only(weights, lam):
    return lam * sum(float((w**2).sum()) for w in weights)


def stopped_epoch_only(val_losses, patience):
    best, waited = float("inf"), 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited == patience:
                return epoch
    return len(val_losses) - 1


# the checker's own failure paths: the mask not drawn from rng, a result that is not the pair asked for
WRONG["regularization/dropout-forward"].append((dropout_global_rng, "draw the mask from the argument rng"))
WRONG["regularization/l2-penalty"].append((l2_penalty_only, "should return the pair (penalty, grads)"))
WRONG["regularization/early-stopping"].append((stopped_epoch_only, "should return the pair (best_epoch, stopped_epoch)"))
