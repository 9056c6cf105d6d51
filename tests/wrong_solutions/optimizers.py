"""Plausible wrong solutions to the implement exercises of docs/chapters/optimizers.md, and the hint each must get."""

import numpy as np


def momentum_ema(theta, g, b, lr, mu):
    b = mu * b + (1 - mu) * g
    return theta - lr * b, b


def momentum_old_b(theta, g, b, lr, mu):
    theta = theta - lr * b
    return theta, mu * b + g


def momentum_uphill(theta, g, b, lr, mu):
    b = mu * b + g
    return theta + lr * b, b


def momentum_plain(theta, g, b, lr, mu):
    b = mu * b + g
    return theta - lr * g, b


def adam_no_correction(theta, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return theta - lr * m / (np.sqrt(v) + eps), m, v


def adam_eps_inside(theta, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return theta - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps), m, v


def adam_v_of_g(theta, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g
    with np.errstate(invalid="ignore"):  # v can be negative: its root is NaN
        return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def adam_v_with_beta1(theta, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * g
    v = beta1 * v + (1 - beta1) * g * g
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


WRONG = {
    "optimizers/momentum-step": [
        (momentum_ema, "running average"), (momentum_old_b, "old b"),
        (momentum_uphill, "uphill"), (momentum_plain, "g_t alone")],
    "optimizers/adam-step": [
        (adam_no_correction, "no bias correction"), (adam_eps_inside, "inside the square root"),
        (adam_v_of_g, "not its square"), (adam_v_with_beta1, "own β₂")],
}


def rmsprop_adagrad(theta, g, s, lr=0.01, rho=0.99, eps=1e-8):
    s = s + g * g
    return theta - lr * g / (np.sqrt(s) + eps), s


def rmsprop_no_root(theta, g, s, lr=0.01, rho=0.99, eps=1e-8):
    s = rho * s + (1 - rho) * g * g
    return theta - lr * g / (s + eps), s


def rmsprop_eps_inside(theta, g, s, lr=0.01, rho=0.99, eps=1e-8):
    s = rho * s + (1 - rho) * g * g
    return theta - lr * g / np.sqrt(s + eps), s


def rmsprop_undamped(theta, g, s, lr=0.01, rho=0.99, eps=1e-8):
    s = rho * s + g * g
    return theta - lr * g / (np.sqrt(s) + eps), s


WRONG["optimizers/rmsprop-step"] = [(rmsprop_adagrad, "Adagrad's sum"), (rmsprop_no_root, "the root"),
                                    (rmsprop_eps_inside, "inside the square root"), (rmsprop_undamped, "(1 − ρ)")]


# the checker's own failure paths: a result that is not the tuple asked for
WRONG["optimizers/momentum-step"].append((lambda theta, g, b, lr, mu: theta - lr * (mu * b + g),
                                          "should return the tuple (theta, b)"))
WRONG["optimizers/adam-step"].append((lambda theta, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8: (theta, m),
                                      "should return the tuple (theta, m, v)"))
WRONG["optimizers/rmsprop-step"].append((lambda theta, g, s, lr=0.01, rho=0.99, eps=1e-8: [theta, s],
                                         "should return the tuple (theta, s)"))
