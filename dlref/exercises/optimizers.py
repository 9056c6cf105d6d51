"""Checkers of the exercises of the chapter on optimizers (docs/chapters/optimizers.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import checks, optimizers
from dlref.backend import to_numpy
from dlref.exercises.checking import Mistake, call, compare, exercise, random_generator


def _reference(make, theta, gradients):
    """Run dlref's optimizer `make([w])` from `theta` on `gradients`; yield (θ, state) after each step."""
    w = dlref.tensor(np.array(theta), requires_grad=True, dtype="float64")
    optimizer = make([w])
    for g in gradients:
        w.grad = dlref.tensor(np.array(g), dtype="float64").data
        optimizer.step()
        yield to_numpy(w.data).copy(), {key: to_numpy(value).copy() for key, value in optimizer.state[w].items()
                                         if value is not None and not isinstance(value, int)}


def _returned(got, names: str, label: str):
    """The reader's tuple of `len(names)` values, else a Mistake saying what came."""
    if not (isinstance(got, tuple) and len(got) == len(names.split(", "))):
        raise Mistake(f"{label} should return the tuple ({names}), got {checks.shown(got)}")
    return got


@exercise("optimizers/momentum-step", name="momentum_step", title="One step of momentum")
def _momentum_step(solution):
    rng = random_generator()
    cases = [((3,), 0.1, 0.9), ((2, 5), 0.05, 0.5), ((1,), 0.3, 0.0), ((4, 1, 2), 0.01, 0.99)]
    for shape, lr, mu in cases:
        theta, b = rng.standard_normal(shape), np.zeros(shape)
        gradients = [rng.standard_normal(shape) for _ in range(4)]
        steps = _reference(lambda p: optimizers.SGD(p, lr=lr, momentum=mu), theta, gradients)
        for t, (g, (expected, state)) in enumerate(zip(gradients, steps), start=1):
            name = "momentum_step(theta, g, b, lr, mu)"
            inputs = {"theta": theta, "g": g, "b": b, "lr": lr, "mu": mu}
            case = f"step t = {t}"
            got_theta, got_b = _returned(call(solution, theta, g, b, lr, mu, name=name, inputs=inputs),
                                         "theta, b", name)
            expected_b = state.get("momentum_buffer", g)   # with μ = 0 dlref keeps no buffer: b_t = g_t
            compare(got_b, expected_b, f"the b that {name} returned", inputs=inputs, case=case, atol=1e-12, rtol=1e-9,
                    mistakes=[(mu * b + (1 - mu) * g, "b is a running average here, with (1 − μ) g_t: the chapter's "
                                                      "b_t adds the whole gradient g_t"),
                              (b + mu * g, "μ multiplies g_t instead of b_{t-1}")],
                    hint="b_t = μ b_{t-1} + g_t")
            compare(got_theta, expected, f"the theta that {name} returned", inputs=inputs, case=case, atol=1e-12,
                    rtol=1e-9,
                    mistakes=[(theta - lr * g, "the step uses g_t alone: momentum steps along b_t"),
                              (theta + lr * expected_b, "the step goes uphill: subtract α b_t"),
                              (theta - lr * b, "the step uses the old b_{t-1}: update b first, then step along "
                                               "the new b_t")],
                    hint="θ_t = θ_{t-1} − α b_t, with the b_t of this step")
            theta, b = np.asarray(got_theta, dtype=float), np.asarray(got_b, dtype=float)
    return [f"θ and b match dlref's SGD(momentum=μ) at each of 4 steps on {len(cases)} shapes",
            "μ = 0 (plain gradient descent), 0.5, 0.9 and 0.99"]


@exercise("optimizers/rmsprop-step", name="rmsprop_step", title="One step of RMSprop")
def _rmsprop_step(solution):
    rng = random_generator(2)
    cases = [((3,), 0.01, 0.99, 1e-8, 1.0), ((2, 3), 0.1, 0.9, 1e-8, 1e3), ((1,), 0.05, 0.5, 1e-8, 1e-6),
             ((2, 1, 2), 0.02, 0.0, 1e-3, 1.0)]   # shape, lr, ρ (PyTorch's alpha), ε, the size of the gradients
    for shape, lr, rho, eps, scale in cases:
        theta, s = rng.standard_normal(shape), np.zeros(shape)
        gradients = [scale * rng.standard_normal(shape) for _ in range(4)]
        steps = _reference(lambda p: optimizers.RMSprop(p, lr=lr, alpha=rho, eps=eps), theta, gradients)
        for t, (g, (expected, state)) in enumerate(zip(gradients, steps), start=1):
            name = "rmsprop_step(theta, g, s, lr, rho, eps)"
            inputs = {"theta": theta, "g": g, "s": s, "lr": lr, "rho": rho, "eps": eps}
            case = f"step t = {t}, gradients of size {scale:g}"
            got_theta, got_s = _returned(call(solution, theta, g, s, lr=lr, rho=rho, eps=eps, name=name,
                                              inputs=inputs), "theta, s", name)
            s_t = state["square_avg"]
            compare(got_s, s_t, f"the s that {name} returned", inputs=inputs, case=case, atol=1e-300, rtol=1e-9,
                    mistakes=[(rho * s + g * g, "g_t² is weighed by (1 − ρ)" + ("" if s.any() else  # the same at t = 1:
                                                 ", not added whole as in Adagrad's sum s_{t-1} + g_t²")),
                              (s + g * g, "that is Adagrad's sum s_{t-1} + g_t²: RMSprop forgets, with weights ρ "
                                          "and 1 − ρ"),
                              (rho * s + (1 - rho) * g, "s_t averages g_t², the square of the gradient")],
                    hint="s_t = ρ s_{t-1} + (1 − ρ) g_t²")
            compare(got_theta, expected, f"the theta that {name} returned", inputs=inputs, case=case, atol=1e-12,
                    rtol=1e-9,
                    mistakes=[(theta - lr * g / (s_t + eps), "divide by the root √s_t: s_t is a mean square"),
                              (theta - lr * g / np.sqrt(s_t + eps), "ε is inside the square root: it goes after "
                                                                    "it, √s_t + ε"),
                              (theta + lr * g / (np.sqrt(s_t) + eps), "the step goes uphill: subtract it")],
                    hint="θ_t = θ_{t-1} − α g_t / (√s_t + ε)")
            theta, s = np.asarray(got_theta, dtype=float), np.asarray(got_s, dtype=float)
    return [f"θ and s match dlref's RMSprop at each of 4 steps on {len(cases)} shapes",
            "ρ = 0, 0.5, 0.9 and 0.99, gradients of size 1e-6 (where ε counts), 1 and 1000"]


@exercise("optimizers/adam-step", name="adam_step", title="One step of Adam")
def _adam_step(solution):
    rng = random_generator(1)
    cases = [  # shape, lr, (β₁, β₂), ε, the size of the gradients
        ((3,), 0.1, (0.9, 0.999), 1e-8, 1.0),
        ((2, 4), 0.01, (0.8, 0.99), 1e-8, 1e3),
        ((1,), 0.5, (0.5, 0.9), 1e-8, 1e-6),        # tiny gradients, where ε counts
        ((3, 1, 2), 0.05, (0.9, 0.999), 1e-3, 1.0),
    ]
    for shape, lr, betas, eps, scale in cases:
        beta1, beta2 = betas
        theta, m, v = rng.standard_normal(shape), np.zeros(shape), np.zeros(shape)
        gradients = [scale * rng.standard_normal(shape) for _ in range(4)]
        gradients[1] = np.zeros(shape)              # a zero gradient at t = 2
        steps = _reference(lambda p: optimizers.Adam(p, lr=lr, betas=betas, eps=eps), theta, gradients)
        for t, (g, (expected, state)) in enumerate(zip(gradients, steps), start=1):
            name = "adam_step(theta, g, m, v, t, lr, betas, eps)"
            inputs = {"theta": theta, "g": g, "m": m, "v": v, "t": t, "lr": lr, "betas": betas, "eps": eps}
            case = f"step t = {t}" + (", a zero gradient" if t == 2 else f", gradients of size {scale:g}")
            got = _returned(call(solution, theta, g, m, v, t, lr=lr, betas=betas, eps=eps, name=name, inputs=inputs),
                            "theta, m, v", name)
            m_t, v_t = state["exp_avg"], state["exp_avg_sq"]
            compare(got[1], m_t, f"the m that {name} returned", inputs=inputs, case=case, atol=1e-300, rtol=1e-9,
                    mistakes=[(beta1 * m + g, "m_t adds the whole gradient: weigh g_t by (1 − β₁)"),
                              ((1 - beta1) * m + beta1 * g, "β₁ and 1 − β₁ are swapped in m_t")],
                    hint="m_t = β₁ m_{t-1} + (1 − β₁) g_t")
            compare(got[2], v_t, f"the v that {name} returned", inputs=inputs, case=case, atol=1e-300, rtol=1e-9,
                    mistakes=[(beta2 * v + (1 - beta2) * g, "v_t averages g_t, not its square g_t²"),
                              (beta1 * v + (1 - beta1) * g * g, "v_t uses β₁: the second moment has its own β₂")],
                    hint="v_t = β₂ v_{t-1} + (1 − β₂) g_t²")
            m_hat, v_hat = m_t / (1 - beta1**t), v_t / (1 - beta2**t)
            compare(got[0], expected, f"the theta that {name} returned", inputs=inputs, case=case, atol=1e-12,
                    rtol=1e-9,
                    mistakes=[(theta - lr * m_t / (np.sqrt(v_t) + eps),
                               "no bias correction: divide m_t by 1 − β₁^t and v_t by 1 − β₂^t"),
                              (theta - lr * m_hat / np.sqrt(v_hat + eps),
                               "ε is inside the square root: it goes after it, √v̂_t + ε"),
                              (theta - lr * (m_t / (1 - beta1 ** (t + 1))) / (np.sqrt(v_t / (1 - beta2 ** (t + 1))) + eps),
                               "the bias correction of step t divides by 1 − β^t, with this step's t"),
                              (theta + lr * m_hat / (np.sqrt(v_hat) + eps), "the step goes uphill: subtract it")],
                    hint="θ_t = θ_{t-1} − α m̂_t / (√v̂_t + ε), with m̂_t = m_t / (1 − β₁^t) and v̂_t = v_t / (1 − β₂^t)")
            theta, m, v = (np.asarray(value, dtype=float) for value in got)
    return [f"θ, m and v match dlref's Adam at each of 4 steps on {len(cases)} shapes",
            "gradients of size 1e-6 (where ε counts), 1 and 1000, and a zero gradient"]
