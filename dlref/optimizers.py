r"""Optimizers: how the parameters $\theta$ move to lower the loss; learning-rate schedules.

Every optimizer here is gradient descent,

$$\theta \leftarrow \theta - \alpha\, \nabla_\theta \mathcal{L}(\theta),$$

with something added: a memory of past gradients (momentum), a step size per
parameter that adapts to the size of its gradients (RMSprop, Adagrad,
Adadelta), or both (Adam). Gradient descent is *stochastic* (SGD) when
$\nabla_\theta \mathcal{L}$ is the gradient of one minibatch's loss rather than of the
whole data set's: the update rule is the same, only the gradient is noisier
and cheaper. Second-order methods (Newton, L-BFGS) divide by the curvature as
well, $\theta \leftarrow \theta - H^{-1} \nabla_\theta \mathcal{L}$; with millions of
parameters the Hessian $H$ is too big to form, and the adaptive methods above
can be read as cheap diagonal stand-ins for it.

Notation, shared by every class below: step $t = 1, 2, \dots$ (one call of
`step()`), $g_t = \nabla_\theta \mathcal{L}(\theta_{t-1})$ the gradient that
`backward()` left in `.grad`, $\alpha$ the learning rate `lr`, $\lambda$
`weight_decay`, and all products, squares, square roots and divisions are
elementwise. Update rules and defaults are those of `torch.optim`, so a
PyTorch training script gives the same numbers (the tests check this step by
step).

Learning-rate schedules are in [`dlref.schedules`][dlref.schedules]. Gradient
clipping, [`clip_grad_norm_`][dlref.optimizers.clip_grad_norm_], rescales the
gradients between `backward()` and `step()`, for steps that would explode.

Examples:
    >>> from dlref import tensor
    >>> w = tensor([3.0, -2.0], requires_grad=True)
    >>> optimizer = Adam([w], lr=0.1)
    >>> for _ in range(100):
    ...     optimizer.zero_grad()
    ...     loss = (w * w).sum()       # minimum at w = 0
    ...     loss.backward()
    ...     optimizer.step()
    >>> bool(abs(w.numpy()).max() < 0.1)
    True
"""

from __future__ import annotations

import math

from dlref import checks
from dlref.autograd import Tensor
from dlref.backend import xp

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta", "clip_grad_norm_"]


class Optimizer:
    r"""The base of every optimizer: holds the parameters, their state and the learning rate.

    A subclass writes `_update(p, g, state)`, the update of one parameter `p`
    given its gradient `g` (weight decay already added, see below), and
    optionally `_new_state(p)`, the arrays it remembers between steps.

    Weight decay $\lambda$ adds $\lambda\theta$ to the gradient before the
    update, $g_t = \nabla_\theta \mathcal{L}(\theta_{t-1}) + \lambda\theta_{t-1}$: the
    gradient of $\mathcal{L} + \frac{\lambda}{2}\lVert\theta\rVert^2$, an L2 penalty
    (see [`l2_penalty`][dlref.regularizers.l2_penalty]).

    Args:
        params: the tensors to optimize, each with `requires_grad=True`,
            e.g. `model.parameters()`; each at most once.
        lr: the learning rate $\alpha \ge 0$. Schedules change it between
            steps through the attribute `lr`.
        weight_decay: $\lambda \ge 0$.

    Attributes:
        params: the list of parameters.
        lr: the learning rate now.
        state: per parameter (the key), a dict of what the optimizer
            remembers about it, e.g. Adam's running averages.

    Examples:
        >>> from dlref import tensor
        >>> class SignDescent(Optimizer):  # theta <- theta - lr * sign(g)
        ...     def _update(self, p, g, state):
        ...         p.data -= self.lr * xp.sign(g)
        >>> w = tensor([2.0, -3.0], requires_grad=True)
        >>> optimizer = SignDescent([w], lr=0.5)
        >>> (w * w).sum().backward(); optimizer.step()
        >>> w.numpy()
        array([ 1.5, -2.5], dtype=float32)
    """

    decoupled_weight_decay = False  # AdamW shrinks theta itself instead

    def __init__(self, params, lr: float, weight_decay: float = 0.0):
        owner = type(self).__name__
        self.params = self._check_params(params)
        self.lr = checks.number(owner, "lr (α)", lr, low=0)
        self.weight_decay = checks.number(owner, "weight_decay (λ)", weight_decay, low=0)
        self.state = {}

    def _check_params(self, params) -> list:
        owner = type(self).__name__
        params = checks.tensors(owner, "params", params)
        first_index = {}
        for i, p in enumerate(params):
            if not p.requires_grad:
                checks.fail(owner, f"params[{i}]", "a tensor with requires_grad=True (else it never "
                            "gets a gradient)", "requires_grad=False")
            if id(p) in first_index:
                checks.fail(owner, f"params[{i}]", "a tensor not given before (each parameter once)",
                            f"the same tensor as params[{first_index[id(p)]}]")
            first_index[id(p)] = i
        return params

    def zero_grad(self) -> None:
        """Forget the gradients (set every `.grad` to None) before the next `backward()`.

        Examples:
            >>> from dlref import tensor
            >>> w = tensor([1.0], requires_grad=True)
            >>> (w * 2).sum().backward(); SGD([w]).zero_grad(); w.grad is None
            True
        """
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """Update every parameter once from its `.grad`; parameters without a gradient are skipped.

        Examples:
            >>> from dlref import tensor
            >>> w = tensor([1.0], requires_grad=True)
            >>> (3 * w).sum().backward(); SGD([w], lr=0.1).step(); w.numpy().round(3)
            array([0.7], dtype=float32)
        """
        for p in self.params:
            if p.grad is None:  # not used by this loss
                continue
            if p not in self.state:
                self.state[p] = self._new_state(p)
            g = p.grad
            if self.weight_decay != 0 and not self.decoupled_weight_decay:
                g = g + self.weight_decay * p.data  # the gradient of loss + (lambda/2) |theta|^2
            self._update(p, g, self.state[p])

    def _new_state(self, p: Tensor) -> dict:
        """What the optimizer remembers about `p`, before its first update."""
        return {}

    def _update(self, p: Tensor, g, state: dict) -> None:
        """Move `p.data` in place given the gradient `g`; never modify `g` (it may be `p.grad`)."""
        raise NotImplementedError


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum (Polyak or Nesterov).

    Without momentum ($\mu = 0$) this is exactly gradient descent,
    $\theta_t = \theta_{t-1} - \alpha g_t$; it is *stochastic* when $g_t$
    comes from a minibatch. With momentum, the step follows a running sum
    $b_t$ of past gradients, which keeps going through small bumps and
    speeds up along directions where the gradients agree:

    $$b_1 = g_1, \qquad b_t = \mu\, b_{t-1} + (1 - \tau)\, g_t, \qquad
      \theta_t = \theta_{t-1} - \alpha\, b_t,$$

    with dampening $\tau$. Nesterov momentum steps along
    $g_t + \mu\, b_t$ instead of $b_t$ (a look-ahead). For a constant
    $\alpha$ this is the "heavy ball" $v_t = \mu v_{t-1} + \alpha g_t$,
    $\theta_t = \theta_{t-1} - v_t$ written with $v_t = \alpha b_t$.

    Args:
        params: the parameters, e.g. `model.parameters()`.
        lr: learning rate $\alpha \ge 0$.
        momentum: $\mu \ge 0$ (0: plain SGD; 0.9 is common).
        dampening: $\tau \in [0, 1]$, the share of each new gradient left
            out of $b_t$ (not applied at the first step, as PyTorch).
        weight_decay: $\lambda \ge 0$, added to the gradient as $\lambda\theta$.
        nesterov: use Nesterov momentum (needs $\mu > 0$ and $\tau = 0$).

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -2.0], requires_grad=True)
        >>> optimizer = SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     optimizer.zero_grad()
        ...     (w * w).sum().backward()   # g = 2w
        ...     optimizer.step()
        >>> w.numpy().round(3)             # 1 - 0.2 = 0.8, then 0.8 - 0.1 (0.9 * 2 + 1.6)
        array([ 0.46, -0.92], dtype=float32)
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):
        super().__init__(params, lr, weight_decay)
        momentum = checks.number("SGD", "momentum (μ)", momentum, low=0)
        dampening = checks.number("SGD", "dampening (τ)", dampening, low=0, high=1)
        nesterov = checks.boolean("SGD", "nesterov", nesterov)
        if nesterov and (momentum <= 0 or dampening != 0):
            checks.fail("SGD", "momentum and dampening", "μ > 0 and τ = 0 for nesterov=True",
                        f"momentum={momentum!r}, dampening={dampening!r}")
        self.momentum, self.dampening, self.nesterov = momentum, dampening, nesterov

    def _new_state(self, p):
        return {"momentum_buffer": None}

    def _update(self, p, g, state):
        if self.momentum != 0:
            b = state["momentum_buffer"]
            if b is None:  # b_1 = g_1, a copy: g may be p.grad
                b = state["momentum_buffer"] = xp.asarray(g, copy=True)
            else:
                b *= self.momentum
                b += (1 - self.dampening) * g
            g = g + self.momentum * b if self.nesterov else b
        p.data -= self.lr * g


class RMSprop(Optimizer):
    r"""RMSprop: divide each gradient by a running root mean square of its recent values.

    Gradient descent with one step size for all parameters is too slow where
    gradients are small and unstable where they are large. RMSprop keeps a
    running average $s_t$ of the squared gradient per parameter and divides
    by its square root, so every parameter moves at a similar speed:

    $$s_t = \rho\, s_{t-1} + (1 - \rho)\, g_t^2, \qquad
      \theta_t = \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon},
      \qquad s_0 = 0.$$

    With momentum $\mu > 0$ the scaled gradient goes through a momentum
    buffer: $b_t = \mu b_{t-1} + g_t / (\sqrt{s_t} + \varepsilon)$,
    $\theta_t = \theta_{t-1} - \alpha b_t$ ($b_0 = 0$). Without momentum it is
    gradient descent with a learning rate $\alpha / (\sqrt{s_t} + \varepsilon)$
    of its own for every parameter.

    Args:
        params: the parameters, e.g. `model.parameters()`.
        lr: learning rate $\alpha \ge 0$.
        alpha: the smoothing constant $\rho \ge 0$ (PyTorch's name; written
            $\rho$ here because $\alpha$ is the learning rate).
        eps: $\varepsilon \ge 0$, keeps the division finite.
        weight_decay: $\lambda \ge 0$, added to the gradient as $\lambda\theta$.
        momentum: $\mu \ge 0$.

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -100.0], requires_grad=True)
        >>> optimizer = RMSprop([w], lr=0.01)
        >>> (w * w).sum().backward(); optimizer.step()
        >>> w.numpy().round(3)             # both move by lr / sqrt(0.01) = 0.1
        array([  0.9, -99.9], dtype=float32)
    """

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0):
        super().__init__(params, lr, weight_decay)
        self.alpha = checks.number("RMSprop", "alpha (the smoothing constant ρ)", alpha, low=0, high=1)
        self.eps = checks.number("RMSprop", "eps (ε)", eps, low=0)
        self.momentum = checks.number("RMSprop", "momentum (μ)", momentum, low=0)

    def _new_state(self, p):
        state = {"square_avg": xp.zeros_like(p.data)}
        if self.momentum > 0:
            state["momentum_buffer"] = xp.zeros_like(p.data)
        return state

    def _update(self, p, g, state):
        s = state["square_avg"]
        s *= self.alpha
        s += (1 - self.alpha) * g * g
        scaled = g / (xp.sqrt(s) + self.eps)
        if self.momentum > 0:
            b = state["momentum_buffer"]
            b *= self.momentum
            b += scaled
            scaled = b
        p.data -= self.lr * scaled


class Adam(Optimizer):
    r"""Adam: momentum on the gradient and RMSprop's scaling, both with bias correction.

    Adam keeps running averages of the gradient ($m_t$, the first moment:
    momentum) and of its square ($v_t$, the second moment: RMSprop's
    scaling). Both start at 0 and so are biased towards 0 in the first steps;
    dividing by $1 - \beta^t$ removes that bias:

    $$m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
      v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2,$$
    $$\hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
      \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
      \theta_t = \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}.$$

    It is gradient descent with $g_t$ replaced by
    $\hat m_t / (\sqrt{\hat v_t} + \varepsilon)$: each parameter moves by
    about $\alpha$ per step whatever the scale of its gradient (exactly
    $\alpha \operatorname{sign}(g_t)$ when $\beta_1 = \beta_2 = \varepsilon = 0$).
    Weight decay here is the L2 kind (added to $g_t$);
    [`AdamW`][dlref.optimizers.AdamW] decouples it.

    Args:
        params: the parameters, e.g. `model.parameters()`.
        lr: learning rate $\alpha \ge 0$.
        betas: $(\beta_1, \beta_2)$, each in $[0, 1)$.
        eps: $\varepsilon \ge 0$, keeps the division finite.
        weight_decay: $\lambda \ge 0$, added to the gradient as $\lambda\theta$.

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -100.0], requires_grad=True)
        >>> optimizer = Adam([w], lr=0.1)
        >>> (w * w).sum().backward(); optimizer.step()
        >>> w.numpy().round(3)             # the first step is lr * sign(g)
        array([  0.9, -99.9], dtype=float32)
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        owner = type(self).__name__
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            checks.fail(owner, "betas", "a pair (β₁, β₂)", repr(betas))
        self.betas = tuple(checks.number(owner, f"betas[{i}] (β{'₁₂'[i]})", beta, low=0, high=1,
                                         high_open=True) for i, beta in enumerate(betas))
        self.eps = checks.number(owner, "eps (ε)", eps, low=0)

    def _new_state(self, p):
        return {"step": 0, "exp_avg": xp.zeros_like(p.data), "exp_avg_sq": xp.zeros_like(p.data)}

    def _update(self, p, g, state):
        beta1, beta2 = self.betas
        if self.decoupled_weight_decay:  # AdamW: shrink theta, leave g alone
            p.data *= 1 - self.lr * self.weight_decay
        state["step"] += 1
        t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        # alpha m_hat / (sqrt(v_hat) + eps), without making m_hat and v_hat arrays
        denominator = xp.sqrt(v) / math.sqrt(1 - beta2**t) + self.eps
        p.data -= self.lr / (1 - beta1**t) * m / denominator


class AdamW(Adam):
    r"""Adam with decoupled weight decay: shrink $\theta$ itself, not through the gradient.

    In [`Adam`][dlref.optimizers.Adam], weight decay is added to the gradient
    and then divided by $\sqrt{\hat v_t}$, so weights with large gradients
    are barely decayed. AdamW first shrinks every weight by the same factor,
    then takes the Adam step on the plain gradient $g_t = \nabla_\theta L$:

    $$\theta_{t-1} \leftarrow (1 - \alpha\lambda)\, \theta_{t-1}, \qquad
      \theta_t = \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}.$$

    For plain SGD the two kinds of decay are the same thing; for Adam they
    differ, and the decoupled one usually regularizes better. With
    $\lambda = 0$ AdamW is Adam.

    Args:
        params: the parameters, e.g. `model.parameters()`.
        lr: learning rate $\alpha \ge 0$.
        betas: $(\beta_1, \beta_2)$, each in $[0, 1)$.
        eps: $\varepsilon \ge 0$.
        weight_decay: $\lambda \ge 0$ (default 0.01, as PyTorch).

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -100.0], requires_grad=True)
        >>> optimizer = AdamW([w], lr=0.1, weight_decay=0.5)
        >>> (w * w).sum().backward(); optimizer.step()
        >>> w.numpy().round(3)             # (1 - 0.05) w - 0.1 sign(g)
        array([  0.85, -94.9 ], dtype=float32)
    """

    decoupled_weight_decay = True

    def __init__(self, params, lr: float = 1e-3, betas: tuple = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2):
        super().__init__(params, lr, betas, eps, weight_decay)


class Adagrad(Optimizer):
    r"""Adagrad: divide each gradient by the root of the sum of all its past squares.

    Parameters that have had large gradients get small steps and rarely
    updated ones (e.g. the weights of rare features) keep large steps:

    $$s_t = s_{t-1} + g_t^2, \qquad
      \theta_t = \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon},
      \qquad s_0 = 0.$$

    Because $s_t$ only grows, the effective step
    $\alpha / \sqrt{s_t}$ only shrinks, which can stop learning too early;
    RMSprop and Adadelta replace the sum by a running average for that
    reason. In one dimension with a constant gradient, step $t$ moves by
    $\alpha/\sqrt{t}$: gradient descent with a decaying learning rate.

    Args:
        params: the parameters, e.g. `model.parameters()`.
        lr: learning rate $\alpha \ge 0$.
        weight_decay: $\lambda \ge 0$, added to the gradient as $\lambda\theta$
            (keyword only, as PyTorch's `lr_decay` and
            `initial_accumulator_value`, fixed at 0 here, come first there).
        eps: $\varepsilon \ge 0$.

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -100.0], requires_grad=True)
        >>> optimizer = Adagrad([w], lr=0.1)
        >>> (w * w).sum().backward(); optimizer.step()
        >>> w.numpy().round(3)             # the first step is lr * sign(g)
        array([  0.9, -99.9], dtype=float32)
    """

    def __init__(self, params, lr: float = 1e-2, *, weight_decay: float = 0.0, eps: float = 1e-10):
        super().__init__(params, lr, weight_decay)
        self.eps = checks.number("Adagrad", "eps (ε)", eps, low=0)

    def _new_state(self, p):
        return {"sum": xp.zeros_like(p.data)}

    def _update(self, p, g, state):
        s = state["sum"]
        s += g * g
        p.data -= self.lr * g / (xp.sqrt(s) + self.eps)


class Adadelta(Optimizer):
    r"""Adadelta: RMSprop whose step size is a running RMS of its own past steps.

    The step $\Delta_t$ has the units of $\theta$ because the ratio of the two
    running RMS values replaces a hand-set learning rate:

    $$v_t = \rho\, v_{t-1} + (1 - \rho)\, g_t^2, \qquad
      \Delta_t = \frac{\sqrt{u_{t-1} + \varepsilon}}{\sqrt{v_t + \varepsilon}}\, g_t,$$
    $$u_t = \rho\, u_{t-1} + (1 - \rho)\, \Delta_t^2, \qquad
      \theta_t = \theta_{t-1} - \alpha\, \Delta_t, \qquad u_0 = v_0 = 0.$$

    The learning rate $\alpha$ only scales the result (1 by default, as in the
    paper). Compared with gradient descent, the factor in front of $g_t$ is
    learned per parameter: it starts near $\sqrt{\varepsilon}$ and grows as
    steps accumulate.

    Args:
        params: the parameters, e.g. `model.parameters()`.
        lr: $\alpha \ge 0$, a factor on every step.
        rho: $\rho \in [0, 1]$, the decay of both running averages.
        eps: $\varepsilon \ge 0$ (also sets the size of the first steps).
        weight_decay: $\lambda \ge 0$, added to the gradient as $\lambda\theta$.

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -10.0], requires_grad=True)
        >>> optimizer = Adadelta([w])
        >>> (w * w).sum().backward(); optimizer.step()
        >>> (w.numpy() - [1.0, -10.0]).round(4)   # first steps about sqrt(eps / (1 - rho))
        array([-0.0032,  0.0032])
    """

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        self.rho = checks.number("Adadelta", "rho (ρ)", rho, low=0, high=1)
        self.eps = checks.number("Adadelta", "eps (ε)", eps, low=0)

    def _new_state(self, p):
        return {"square_avg": xp.zeros_like(p.data), "acc_delta": xp.zeros_like(p.data)}

    def _update(self, p, g, state):
        v, u = state["square_avg"], state["acc_delta"]
        v *= self.rho
        v += (1 - self.rho) * g * g
        delta = xp.sqrt(u + self.eps) / xp.sqrt(v + self.eps) * g
        u *= self.rho
        u += (1 - self.rho) * delta * delta
        p.data -= self.lr * delta


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0) -> Tensor:
    r"""Scale the gradients of `parameters` down, in place, so that their joint norm is at most `max_norm`.

    All the gradients together form one vector $g$; if its norm is larger
    than $c$ = `max_norm`, every gradient is multiplied by the same factor:

    $$\lVert g \rVert_q = \Big(\sum_{p}\sum_{i} |g_{p,i}|^q\Big)^{1/q}, \qquad
      g \leftarrow g \cdot \min\!\Big(1,\; \frac{c}{\lVert g \rVert_q + 10^{-6}}\Big).$$

    The direction of the step is kept; only its length is capped, so one
    exploding gradient (a recurrent network's, typically) cannot throw the
    parameters far away. Call it after `backward()` and before `step()`.
    The semantics of `torch.nn.utils.clip_grad_norm_`: parameters without a
    gradient are skipped, and $q = \infty$ is the largest $|g_{p,i}|$.

    Args:
        parameters: an iterable of Tensors, e.g. `model.parameters()`.
        max_norm: $c > 0$.
        norm_type: $q > 0$, or `math.inf`.

    Returns:
        $\lVert g \rVert_q$ before clipping, a 0-d Tensor (0 when no parameter has a gradient).

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([0.0, 0.0], requires_grad=True)
        >>> (w * tensor([30.0, 40.0])).sum().backward()        # the gradient (30, 40): norm 50
        >>> clip_grad_norm_([w], max_norm=5.0).item()
        50.0
        >>> w.grad.round(3)                                     # the same direction, norm 5
        array([3., 4.], dtype=float32)
    """
    parameters = checks.tensors("clip_grad_norm_()", "parameters", parameters)
    max_norm = checks.number("clip_grad_norm_()", "max_norm", max_norm, low=0, low_open=True)
    if norm_type != math.inf:
        norm_type = checks.number("clip_grad_norm_()", "norm_type (q)", norm_type, low=0, low_open=True)
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:
        return Tensor(0.0)
    norms = xp.stack([xp.linalg.vector_norm(g, ord=norm_type) for g in grads])
    total = xp.asarray(xp.linalg.vector_norm(norms, ord=norm_type))  # of all the gradients together
    scale = max_norm / (total + 1e-6)
    if scale < 1:
        for p in parameters:
            if p.grad is not None:  # a new array: a gradient may be shared with other tensors
                p.grad = p.grad * xp.astype(scale, p.grad.dtype)
    return Tensor(total)

