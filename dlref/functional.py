r"""Fused operations: a layer's whole computation as one op, with its backward written out.

Composing small Tensor ops (`X @ W.T + b`) would also give the right
gradients; a fused op records one node instead of several, skips gradients
nobody needs (those of the input data), and states the layer's backward pass
as the notes write it. The layers in [`dlref.layers`][dlref.layers] call these.

Examples:
    >>> X = tensor([[1.0, 2.0]]); W = tensor([[1.0, 0.0], [1.0, 1.0]]); b = tensor([0.5, -1.0])
    >>> linear(X, W, b).numpy()
    array([[1.5, 2. ]], dtype=float32)
"""

from __future__ import annotations

from dlref import backend, checks
from dlref.autograd import Tensor, tensor  # noqa: F401  (tensor: for the examples)
from dlref.backend import xp

__all__ = ["linear", "conv2d", "max_pool2d", "rnn", "lstm", "gru"]


def linear(X: Tensor, W: Tensor, b: Tensor | None = None) -> Tensor:
    r"""The affine map of a layer, for a batch of inputs stored as rows.

    The notes write one input as a column, $Z = W a + b$; a batch stores the
    inputs $a_i$ as the rows of $X$, so all of them at once are

    $$Z = X W^\top + b, \qquad
      \frac{\partial L}{\partial W} = \Big(\frac{\partial L}{\partial Z}\Big)^{\!\top} X, \quad
      \frac{\partial L}{\partial b} = \sum_{i} \frac{\partial L}{\partial Z_{i}}, \quad
      \frac{\partial L}{\partial X} = \frac{\partial L}{\partial Z} W.$$

    Args:
        X: inputs, shape $(N, \text{in})$.
        W: weights, shape $(\text{out}, \text{in})$.
        b: bias, shape $(\text{out},)$, or None.

    Returns:
        $Z$, shape $(N, \text{out})$.

    Raises:
        ValueError: a tensor that is not floating or not of the shape above
            (a bias of shape (1,) is not broadcast).

    Examples:
        >>> linear(tensor([[1.0, 1.0]]), tensor([[2.0, 3.0]])).numpy()
        array([[5.]], dtype=float32)
    """
    if not _affine(X, W, b):  # the checks below say what is wrong
        checks.floating_tensor("linear()", "W", W, ("out", "in"))
        checks.floating_tensor("linear()", "X", X, ("N", W.shape[1]))
        checks.floating_tensor("linear()", "b", b, (W.shape[0],))  # never broadcast (1,)
    Z_data = X.data @ W.data.mT
    if b is not None:
        Z_data += b.data  # Z_data is new: adding in place saves a copy
    Z = Tensor(Z_data, parents=(X, W) if b is None else (X, W, b))

    def backward():
        G = Z.grad  # dL/dZ, (N, out)
        if X.requires_grad:  # input data needs no gradient: skip the matmul
            X.add_grad(G @ W.data)
        if W.requires_grad:
            W.add_grad(G.mT @ X.data)
        if b is not None and b.requires_grad:
            b.add_grad(xp.sum(G, axis=0))

    Z._backward = backward
    return Z


def _affine(X, W, b) -> bool:
    """Whether X (N, in), W (out, in) and b (out,) or None are floating Tensors: one test, as it runs per layer call."""
    return (isinstance(X, Tensor) and isinstance(W, Tensor) and X.data.ndim == 2 and W.data.ndim == 2
            and X.data.shape[1] == W.data.shape[1] and backend.isdtype(X.data.dtype, "real floating")
            and (W.data.dtype is X.data.dtype or backend.isdtype(W.data.dtype, "real floating"))
            and (b is None or (isinstance(b, Tensor) and b.data.shape == W.data.shape[:1]
                               and (b.data.dtype is W.data.dtype
                                    or backend.isdtype(b.data.dtype, "real floating")))))


def _windows(who: str, size: tuple, kernel: tuple, stride: tuple) -> tuple:
    r"""The slices picking, for every kernel offset, that pixel of every window.

    A window of output position $(p, q)$ starts at row $p s_h$, column $q s_w$;
    its pixel at offset $(i, j)$ is row $p s_h + i$, column $q s_w + j$. For a
    fixed offset these rows and columns are two strided ranges, so one basic
    slice `[rows, columns]` of the (padded) image gives that pixel of all windows
    at once, an $H_{out} \times W_{out}$ grid. Returns the $k_h k_w$ pairs
    `(rows, columns)` (offsets in row-major order) and $(H_{out}, W_{out})$.
    """
    (H, W), (kh, kw), (sh, sw) = size, kernel, stride
    if H < kh or W < kw:
        checks.fail(who, "X", f"images at least as large as the kernel, {kh}x{kw}",
                    f"{H}x{W} (padding included)")
    H_out, W_out = (H - kh) // sh + 1, (W - kw) // sw + 1
    offsets = [
        (slice(i, i + sh * (H_out - 1) + 1, sh), slice(j, j + sw * (W_out - 1) + 1, sw))
        for i in range(kh)
        for j in range(kw)
    ]
    return offsets, (H_out, W_out)


def conv2d(X: Tensor, W: Tensor, b: Tensor | None = None, stride=1, padding=0) -> Tensor:
    r"""2-D convolution (cross-correlation, as in every framework) of a batch of images.

    Filter $f$ slides over the zero-padded input with step $s$; at each output
    position it takes the dot product with the window under it:

    $$Z_{n,f,p,q} = b_f + \sum_{c}\sum_{i<k_h}\sum_{j<k_w}
      W_{f,c,i,j}\; X_{n,c,\,p s_h + i,\, q s_w + j}.$$

    **im2col.** Gathering every window of every image as a column of one
    matrix $\text{cols}$, of shape $(C k_h k_w,\; N H_{out} W_{out})$, turns the
    whole convolution into one matrix product, a [`linear`][dlref.functional.linear]
    layer applied to every window:

    $$Z_{\text{mat}} = W_{\text{mat}}\,\text{cols} + b, \qquad
      \frac{\partial L}{\partial W_{\text{mat}}} = \frac{\partial L}{\partial Z_{\text{mat}}}\,
      \text{cols}^\top, \qquad
      \frac{\partial L}{\partial\,\text{cols}} = W_{\text{mat}}^\top
      \frac{\partial L}{\partial Z_{\text{mat}}},$$

    with $W_{\text{mat}}$ the filters as rows, $(F, C k_h k_w)$. The columns
    are built from $k_h k_w$ strided slices of the input, one per kernel
    offset. The images are laid out as $(C, H, W, N)$ for this, batch last:
    then a slice is made of long contiguous runs (of $W_{out} N$ numbers when
    $s = 1$), which copy fast. The backward pass ends with col2im: each column's
    gradient is added back to the pixels it was copied from (overlapping
    windows add up), again one strided slice per offset.

    Args:
        X: images, shape $(N, C, H, W)$.
        W: filters, shape $(F, C, k_h, k_w)$.
        b: bias, shape $(F,)$, or None.
        stride: $s$, an int or a pair $(s_h, s_w)$.
        padding: zeros added on each side, an int or a pair $(p_h, p_w)$.

    Returns:
        $Z$, shape $(N, F, H_{out}, W_{out})$ with
        $H_{out} = \lfloor (H + 2p_h - k_h) / s_h \rfloor + 1$ (and so for $W_{out}$).

    Raises:
        ValueError: a bad stride or padding, or an input smaller than the kernel.

    Examples:
        >>> X = tensor([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]])
        >>> W = tensor([[[[1.0, 0.0], [0.0, -1.0]]]])    # x[p, q] - x[p+1, q+1]
        >>> conv2d(X, W).numpy()
        array([[[[-4., -4.],
                 [-4., -4.]]]], dtype=float32)
    """
    stride = checks.int_pair("conv2d()", "stride", stride, low=1)
    padding = checks.int_pair("conv2d()", "padding", padding, low=0)
    checks.floating_tensor("conv2d()", "W", W, ("F", "C", "k_h", "k_w"))
    checks.floating_tensor("conv2d()", "X", X, ("N", W.shape[1], "H", "W"))
    if b is not None:
        checks.floating_tensor("conv2d()", "b", b, (W.shape[0],))
    N, C, height, width = X.shape
    F, _, kh, kw = W.shape
    ph, pw = padding
    # The zero-padded images, laid out (C, H, W, N) so that window slices copy fast.
    Xc = xp.zeros((C, height + 2 * ph, width + 2 * pw, N), dtype=X.dtype, device=X.data.device)
    Xc[:, ph : ph + height, pw : pw + width, :] = xp.permute_dims(X.data, (1, 2, 3, 0))
    offsets, (H_out, W_out) = _windows("conv2d()", Xc.shape[1:3], (kh, kw), stride)
    K, L = C * kh * kw, H_out * W_out * N
    windows = xp.stack([Xc[:, rows, columns, :] for rows, columns in offsets], axis=1)
    cols = xp.reshape(windows, (K, L))  # (C kh kw, H_out W_out N): one window per column
    W_mat = xp.reshape(W.data, (F, K))
    Z_mat = W_mat @ cols
    if b is not None:
        Z_mat += xp.reshape(b.data, (F, 1))
    Z_data = xp.permute_dims(xp.reshape(Z_mat, (F, H_out, W_out, N)), (3, 0, 1, 2))
    Z = Tensor(Z_data, parents=(X, W) if b is None else (X, W, b))  # (N, F, H_out, W_out)

    def backward():
        G = xp.reshape(xp.permute_dims(Z.grad, (1, 2, 3, 0)), (F, L))  # dL/dZ_mat
        if W.requires_grad:
            W.add_grad(xp.reshape(G @ cols.mT, W.shape))
        if b is not None and b.requires_grad:
            b.add_grad(xp.sum(G, axis=1))
        if X.requires_grad:  # col2im: each window's gradient goes back to its pixels
            dcols = xp.reshape(W_mat.mT @ G, (C, kh * kw, H_out, W_out, N))
            dXc = xp.zeros(Xc.shape, dtype=X.dtype, device=X.data.device)
            for k, (rows, columns) in enumerate(offsets):
                dXc[:, rows, columns, :] += dcols[:, k, ...]
            dXc = dXc[:, ph : ph + height, pw : pw + width, :]  # drop the padding
            X.add_grad(xp.permute_dims(dXc, (3, 0, 1, 2)))

    Z._backward = backward
    return Z


def max_pool2d(X: Tensor, kernel_size, stride=None) -> Tensor:
    r"""2-D max pooling: the largest value of each window, channel by channel.

    $$Z_{n,c,p,q} = \max_{i<k_h,\; j<k_w} X_{n,c,\,p s_h + i,\, q s_w + j}$$

    Only the winner of a window influenced the output, so the whole gradient
    goes to it, $\partial L/\partial X_{\text{winner}} \mathrel{+}= \partial
    L/\partial Z_{n,c,p,q}$, and nothing to the others. When several
    values tie for the maximum, the first one (in row-major order) wins, as in
    PyTorch. Overlapping windows ($s < k$) add their gradients.

    Args:
        X: images, shape $(N, C, H, W)$.
        kernel_size: $k$, an int or a pair $(k_h, k_w)$.
        stride: $s$, an int or a pair; by default the kernel size
            (non-overlapping windows).

    Returns:
        $Z$, shape $(N, C, H_{out}, W_{out})$, $H_{out} = \lfloor (H - k_h)/s_h \rfloor + 1$.

    Raises:
        ValueError: a bad kernel size or stride, or an input smaller than the kernel.

    Examples:
        >>> X = tensor([[[[1.0, 2.0, 5.0, 0.0], [3.0, 4.0, 1.0, 1.0]]]])
        >>> max_pool2d(X, 2).numpy()
        array([[[[4., 5.]]]], dtype=float32)
    """
    kernel = checks.int_pair("max_pool2d()", "kernel_size", kernel_size, low=1)
    stride = kernel if stride is None else checks.int_pair("max_pool2d()", "stride", stride, low=1)
    checks.floating_tensor("max_pool2d()", "X", X, ("N", "C", "H", "W"))
    offsets, _ = _windows("max_pool2d()", X.shape[2:], kernel, stride)
    keys = [(..., rows, columns) for rows, columns in offsets]
    Z_data = X.data[keys[0]]
    for key in keys[1:]:  # the running maximum over the kernel offsets
        Z_data = xp.maximum(Z_data, X.data[key])
    Z = Tensor(Z_data, parents=(X,))

    def backward():
        dX = xp.zeros_like(X.data)
        unclaimed = xp.asarray(Z.grad, copy=True)  # what no window's winner has taken yet
        for key in keys:  # offsets in row-major order: the first maximum claims the gradient
            share = xp.astype(X.data[key] == Z.data, Z.data.dtype)  # 1 where this offset wins
            share *= unclaimed
            dX[key] += share
            unclaimed -= share
        X.add_grad(dX)

    Z._backward = backward
    return Z


RNN_NONLINEARITIES = ("tanh", "relu")  # as PyTorch's RNN


def rnn(X: Tensor, h0: Tensor | None, W_ih: Tensor, W_hh: Tensor, b_ih: Tensor, b_hh: Tensor,
        nonlinearity: str = "tanh") -> tuple:
    r"""A simple (Elman) recurrent layer run over whole sequences.

    The same weights are applied at every step $t = 1 \dots T$:

    $$h_t = \sigma(a_t), \qquad a_t = W_{ih}\, x_t + b_{ih} + W_{hh}\, h_{t-1} + b_{hh},$$

    with $\sigma = \tanh$ or ReLU and $h_0$ given (zeros by default). The
    input part $W_{ih} x_t + b_{ih} + b_{hh}$ does not depend on $h$, so it is
    computed for all steps with one matrix product before the loop.

    **Backpropagation through time.** Unrolled, the recurrence is a deep
    network with shared weights. Going backwards from $t = T$, the gradient
    reaching $h_t$ comes from the output at $t$ and from step $t+1$:

    $$\frac{\partial L}{\partial h_t} = \frac{\partial L}{\partial \text{out}_t}
      + W_{hh}^\top \frac{\partial L}{\partial a_{t+1}}, \qquad
      \frac{\partial L}{\partial a_t} = \frac{\partial L}{\partial h_t} \odot \sigma'(a_t),$$

    and the shared weights sum their gradients over the steps,
    $\partial L/\partial W_{hh} = \sum_t (\partial L/\partial a_t)\, h_{t-1}^\top$,
    $\partial L/\partial W_{ih} = \sum_t (\partial L/\partial a_t)\, x_t^\top$,
    $\partial L/\partial b_{ih} = \partial L/\partial b_{hh} = \sum_t \partial L/\partial a_t$.
    Repeated multiplication by $W_{hh}^\top$ and $\sigma'$ is why these
    gradients vanish or explode over long sequences.

    Args:
        X: input sequences, batch first, shape $(N, T, D)$.
        h0: the initial hidden state $(N, H)$, or None for zeros.
        W_ih: input-to-hidden weights, shape $(H, D)$.
        W_hh: hidden-to-hidden weights, shape $(H, H)$.
        b_ih: bias, shape $(H,)$.
        b_hh: bias, shape $(H,)$.
        nonlinearity: `"tanh"` or `"relu"`.

    Returns:
        `(outputs, h_T)`: every hidden state $h_1 \dots h_T$, shape $(N, T, H)$,
        and the last one, shape $(N, H)$.

    Raises:
        ValueError: an unknown nonlinearity, or a tensor of another shape
            than above (nothing is broadcast).

    Examples:
        >>> X = tensor([[[1.0], [0.0], [0.0]]])            # N = 1, T = 3, D = 1
        >>> W_ih, W_hh = tensor([[1.0]]), tensor([[0.5]])  # H = 1
        >>> b = tensor([0.0])
        >>> outputs, h = rnn(X, None, W_ih, W_hh, b, b, "relu")
        >>> outputs.numpy()[0, :, 0]                       # the input echoes, halving
        array([1.  , 0.5 , 0.25], dtype=float32)
    """
    checks.one_of("rnn()", "nonlinearity", nonlinearity, RNN_NONLINEARITIES)
    _check_recurrent("rnn()", 1, X, W_ih, W_hh, b_ih, b_hh, () if h0 is None else (("h0", h0),))
    N, T, D = X.shape
    H = W_hh.shape[1]
    h0_data = xp.zeros((N, H), dtype=X.dtype, device=X.data.device) if h0 is None else h0.data
    h = h0_data
    A_in = xp.reshape(xp.reshape(X.data, (N * T, D)) @ W_ih.data.mT, (N, T, H))
    A_in += b_ih.data + b_hh.data  # (N, T, H): the input part of every a_t
    W_hh_T = W_hh.data.mT
    hs = []  # h_1 ... h_T
    for t in range(T):
        a = A_in[:, t, :] + h @ W_hh_T
        h = xp.tanh(a) if nonlinearity == "tanh" else a * xp.astype(a > 0, a.dtype)
        hs.append(h)
    parents = (X, W_ih, W_hh, b_ih, b_hh) + (() if h0 is None else (h0,))
    outputs = Tensor(xp.stack(hs, axis=1), parents=parents)  # (N, T, H)

    def backward():
        G = outputs.grad  # dL/d out_t for every t, (N, T, H)
        dA = xp.empty_like(G)  # dL/da_t
        dh = xp.zeros_like(h0_data)  # the gradient reaching h_t from step t + 1
        for t in reversed(range(T)):
            dh = dh + G[:, t, :]
            if nonlinearity == "tanh":  # tanh'(a) = 1 - h^2
                dA[:, t, :] = dh * (1 - hs[t] * hs[t])
            else:  # relu'(a) = 1 where h > 0, else 0
                dA[:, t, :] = dh * xp.astype(hs[t] > 0, dh.dtype)
            dh = dA[:, t, :] @ W_hh.data  # dL/dh_{t-1} through W_hh
        dA_rows = xp.reshape(dA, (N * T, H))
        h_prev = xp.stack([h0_data] + hs[:-1], axis=1)  # h_0 ... h_{T-1}, (N, T, H)
        W_hh.add_grad(dA_rows.mT @ xp.reshape(h_prev, (N * T, H)))
        W_ih.add_grad(dA_rows.mT @ xp.reshape(X.data, (N * T, D)))
        db = xp.sum(dA_rows, axis=0)
        b_ih.add_grad(db)
        b_hh.add_grad(db)
        if X.requires_grad:  # input data needs no gradient: skip the matmul
            X.add_grad(dA @ W_ih.data)
        if h0 is not None:
            h0.add_grad(dh)

    outputs._backward = backward
    return outputs, outputs[:, -1, :]  # h_T is the last step of the outputs


def _check_recurrent(who: str, gates: int, X, W_ih, W_hh, b_ih, b_hh, states=()) -> None:
    """A recurrent layer's arguments: $W_{hh}$ $(gH, H)$ for `gates` $= g$, $W_{ih}$ $(gH, D)$,
    biases $(gH,)$, X $(N, T, D)$ with $T \\ge 1$, each `(name, state)` exactly $(N, H)$: nothing is broadcast."""
    checks.floating_tensor(who, "W_hh", W_hh, ("gates * H", "H"))
    H = W_hh.shape[1]
    checks.floating_tensor(who, "W_hh", W_hh, (gates * H, H))
    checks.floating_tensor(who, "W_ih", W_ih, (gates * H, "D"))
    checks.floating_tensor(who, "X", X, ("N", "T", W_ih.shape[1]))
    checks.floating_tensor(who, "b_ih", b_ih, (gates * H,))
    checks.floating_tensor(who, "b_hh", b_hh, (gates * H,))
    if X.shape[1] == 0:
        checks.fail(who, "X", "sequences of at least one step", f"shape {X.shape}")
    for name, state in states:
        checks.floating_tensor(who, name, state, (X.shape[0], H))


def _sigmoid(a):
    r"""The logistic function on an array, $\sigma(a) = 1/(1 + e^{-a})$.

    $e^{-a}$ is computed from $\min(-a, 80)$: it never overflows, and below
    $a = -80$, where $\sigma(a) < 10^{-34}$, the result stays as small. (numpy's
    `exp` is much faster than its `tanh`, the other overflow-free way.)
    """
    e = xp.exp(xp.minimum(-a, 80.0))
    e += 1  # in place: no new array
    return 1 / e


def lstm(X: Tensor, state: tuple | None, W_ih: Tensor, W_hh: Tensor, b_ih: Tensor,
         b_hh: Tensor) -> tuple:
    r"""A long short-term memory (LSTM) layer run over whole sequences, as PyTorch's.

    Besides the hidden state $h_t$ the layer carries a **cell** $c_t$, which
    four gates, computed from $x_t$ and $h_{t-1}$, read and write:

    $$\begin{aligned}
      i_t &= \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}) && \text{input gate: how much to write}\\
      f_t &= \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}) && \text{forget gate: how much to keep}\\
      g_t &= \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}) && \text{the candidate to write}\\
      o_t &= \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}) && \text{output gate: how much to show}\\
      c_t &= f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t).
    \end{aligned}$$

    The four weight matrices of the input are the rows of $W_{ih}$, stacked
    in PyTorch's order $(i, f, g, o)$, and so for $W_{hh}$, $b_{ih}$ and
    $b_{hh}$; the four pre-activations $a_t$ of a step are one matrix
    product. The input part is computed for all steps before the loop, as in
    [`rnn`][dlref.functional.rnn].

    **Why the cell remembers.** Backwards, the gradient passes from $c_t$ to
    $c_{t-1}$ through a product with $f_t$ only,
    $\partial c_t / \partial c_{t-1} = \operatorname{diag}(f_t)$: no weight
    matrix and no squashing derivative, so with $f_t \approx 1$ it survives
    many steps, where the plain RNN's gradient is multiplied by
    $W_{hh}^\top \operatorname{diag}(\tanh')$ at every step. Going back from
    $t = T$, with $\delta h_t$ and $\delta c_t$ what reaches $h_t$ and $c_t$
    (from outside and from step $t + 1$):

    $$\begin{aligned}
      \delta c_t &\mathrel{+}= \delta h_t \odot o_t \odot (1 - \tanh^2 c_t), &
      \delta c_{t-1} &= \delta c_t \odot f_t, \\
      \delta a_t &= \big[\delta c_t \odot g_t \odot i_t(1 - i_t),\;
        \delta c_t \odot c_{t-1} \odot f_t(1 - f_t),\;
        \delta c_t \odot i_t \odot (1 - g_t^2),\;
        \delta h_t \odot \tanh(c_t) \odot o_t (1 - o_t)\big], &
      \delta h_{t-1} &= W_{hh}^\top \delta a_t,
    \end{aligned}$$

    and the shared weights sum over the steps:
    $\partial L/\partial W_{ih} = \sum_t \delta a_t\, x_t^\top$,
    $\partial L/\partial W_{hh} = \sum_t \delta a_t\, h_{t-1}^\top$,
    $\partial L/\partial b_{ih} = \partial L/\partial b_{hh} = \sum_t \delta a_t$.

    Args:
        X: input sequences, batch first, shape $(N, T, D)$.
        state: `(h0, c0)`, each of shape $(N, H)$, or None for zeros.
        W_ih: input weights, shape $(4H, D)$, gates in the order $(i, f, g, o)$.
        W_hh: hidden weights, shape $(4H, H)$.
        b_ih: bias, shape $(4H,)$.
        b_hh: bias, shape $(4H,)$.

    Returns:
        `(outputs, (h_T, c_T))`: every hidden state $h_1 \dots h_T$, shape
        $(N, T, H)$, and the last hidden state and cell, each $(N, H)$.

    Examples:
        >>> X = tensor([[[1.0], [1.0], [1.0]]])              # N = 1, T = 3, D = 1
        >>> W_ih = tensor([[0.0], [0.0], [1.0], [0.0]])      # H = 1: only g sees x
        >>> W_hh = tensor([[0.0], [0.0], [0.0], [0.0]])
        >>> b_ih, b_hh = tensor([0.0, 50.0, 0.0, 50.0]), tensor([0.0, 0.0, 0.0, 0.0])
        >>> outputs, (h, c) = lstm(X, None, W_ih, W_hh, b_ih, b_hh)
        >>> c.numpy().round(3)           # f = o = 1, i = 1/2: c gains tanh(1)/2 per step
        array([[1.142]], dtype=float32)
    """
    if state is not None and not (isinstance(state, (tuple, list)) and len(state) == 2):
        got = f"a {type(state).__name__} of length {len(state)}" if isinstance(state, (tuple, list)) else type(state).__name__
        checks.fail("lstm()", "state", "a pair (h0, c0) of Tensors of shape (N, H)", got)
    _check_recurrent("lstm()", 4, X, W_ih, W_hh, b_ih, b_hh, () if state is None else zip(("h0", "c0"), state))
    N, T, D = X.shape
    H = W_hh.shape[1]
    zeros = xp.zeros((N, H), dtype=X.dtype, device=X.data.device)
    h0, c0 = (zeros, zeros) if state is None else (state[0].data, state[1].data)
    # Time first inside the layer, (T, N, ...): each step's rows are one contiguous block.
    X_rows = xp.reshape(xp.permute_dims(X.data, (1, 0, 2)), (T * N, D))
    A_in = xp.reshape(X_rows @ W_ih.data.mT, (T, N, 4 * H))
    A_in += b_ih.data + b_hh.data  # (T, N, 4H): the input part of every a_t
    W_hh_T = W_hh.data.mT
    h, c = h0, c0
    gates, hs, cs, tanh_cs = [], [], [], []  # per step: [i, f, g, o], h_t, c_t, tanh(c_t)
    for t in range(T):
        a = A_in[t] + h @ W_hh_T  # (N, 4H)
        a[:, 2 * H : 3 * H] *= 2  # g is a tanh, tanh(x) = 2 sigma(2x) - 1: one exp for the four gates
        gate = _sigmoid(a)
        gate[:, 2 * H : 3 * H] *= 2
        gate[:, 2 * H : 3 * H] -= 1
        i, f, g, o = (gate[:, k * H : (k + 1) * H] for k in range(4))
        c = f * c + i * g
        tanh_c = xp.tanh(c)
        h = o * tanh_c
        gates.append(gate)
        hs.append(h)
        cs.append(c)
        tanh_cs.append(tanh_c)
    parents = (X, W_ih, W_hh, b_ih, b_hh) + (() if state is None else tuple(state))
    # One node holds both sequences, hidden states and cells, (2, N, T, H), so one
    # backward pass through time receives the gradients of the outputs, h_T and c_T.
    both = xp.reshape(xp.stack(hs + cs), (2, T, N, H))  # one copy, time first
    states = Tensor(xp.permute_dims(both, (0, 2, 1, 3)), parents=parents)  # a view, batch first

    def backward():
        G_h, G_c = states.grad[0], states.grad[1]  # dL/dh_t and dL/dc_t from outside, (N, T, H)
        dA = xp.empty((T, N, 4 * H), dtype=G_h.dtype, device=G_h.device)  # dL/da_t
        dh, dc = xp.zeros_like(h0), xp.zeros_like(c0)  # what reaches h_t and c_t from step t + 1
        for t in reversed(range(T)):
            i, f, g, o = (gates[t][:, k * H : (k + 1) * H] for k in range(4))
            c_prev = cs[t - 1] if t > 0 else c0
            dh += G_h[:, t, :]  # dh and dc are new arrays of this loop: add in place
            dc += G_c[:, t, :]
            dc += dh * o * (1 - tanh_cs[t] * tanh_cs[t])
            dA[t, :, :H] = dc * g * i * (1 - i)
            dA[t, :, H : 2 * H] = dc * c_prev * f * (1 - f)
            dA[t, :, 2 * H : 3 * H] = dc * i * (1 - g * g)
            dA[t, :, 3 * H :] = dh * tanh_cs[t] * o * (1 - o)
            dc = dc * f  # dL/dc_{t-1} through the cell
            dh = dA[t] @ W_hh.data  # dL/dh_{t-1} through W_hh
        dA_rows = xp.reshape(dA, (T * N, 4 * H))
        h_prev = xp.stack([h0] + hs[:-1])  # h_0 ... h_{T-1}, (T, N, H)
        W_hh.add_grad(dA_rows.mT @ xp.reshape(h_prev, (T * N, H)))
        W_ih.add_grad(dA_rows.mT @ X_rows)
        db = xp.sum(dA_rows, axis=0)
        b_ih.add_grad(db)
        b_hh.add_grad(db)
        if X.requires_grad:  # input data needs no gradient: skip the matmul
            X.add_grad(xp.permute_dims(xp.reshape(dA_rows @ W_ih.data, (T, N, D)), (1, 0, 2)))
        if state is not None:
            state[0].add_grad(dh)
            state[1].add_grad(dc)

    states._backward = backward
    return states[0], (states[0, :, -1, :], states[1, :, -1, :])


def gru(X: Tensor, h0: Tensor | None, W_ih: Tensor, W_hh: Tensor, b_ih: Tensor,
        b_hh: Tensor) -> tuple:
    r"""A gated recurrent unit (GRU) layer run over whole sequences, as PyTorch's.

    Two gates decide, at every step, how much of the state to reset before
    proposing a new one and how much of the old state to keep:

    $$\begin{aligned}
      r_t &= \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) && \text{reset gate}\\
      z_t &= \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) && \text{update gate: how much to keep}\\
      n_t &= \tanh\big(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\big) && \text{the new candidate}\\
      h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1}.
    \end{aligned}$$

    The rows of $W_{ih}$, $W_{hh}$, $b_{ih}$ and $b_{hh}$ hold the three
    parts in PyTorch's order $(r, z, n)$. The last line is a weighted
    average: where $z_t \approx 1$ the state is copied unchanged, and so is
    its gradient, $\partial h_t / \partial h_{t-1} \ni \operatorname{diag}(z_t)$.

    **Backpropagation through time.** With $\delta h_t$ what reaches $h_t$
    (from outside and from step $t + 1$) and $u_t = W_{hn} h_{t-1} + b_{hn}$:

    $$\begin{aligned}
      \delta n_t &= \delta h_t \odot (1 - z_t) \odot (1 - n_t^2), &
      \delta z_t &= \delta h_t \odot (h_{t-1} - n_t) \odot z_t(1 - z_t), &
      \delta r_t &= \delta n_t \odot u_t \odot r_t(1 - r_t),
    \end{aligned}$$

    the input part of the pre-activations gets $[\delta r_t, \delta z_t, \delta n_t]$,
    the hidden part $[\delta r_t, \delta z_t, r_t \odot \delta n_t]$, and
    $\delta h_{t-1} = \delta h_t \odot z_t + W_{hh}^\top [\delta r_t, \delta z_t, r_t \odot \delta n_t]$.
    The weights sum these over the steps, as in [`lstm`][dlref.functional.lstm].

    Args:
        X: input sequences, batch first, shape $(N, T, D)$.
        h0: the initial hidden state $(N, H)$, or None for zeros.
        W_ih: input weights, shape $(3H, D)$, parts in the order $(r, z, n)$.
        W_hh: hidden weights, shape $(3H, H)$.
        b_ih: bias, shape $(3H,)$.
        b_hh: bias, shape $(3H,)$.

    Returns:
        `(outputs, h_T)`: every hidden state, shape $(N, T, H)$, and the last one, $(N, H)$.

    Examples:
        >>> X = tensor([[[1.0], [1.0], [1.0]]])            # N = 1, T = 3, D = 1
        >>> W_ih, W_hh = tensor([[0.0], [0.0], [1.0]]), tensor([[0.0], [0.0], [0.0]])
        >>> b = tensor([0.0, 0.0, 0.0])                    # z = 1/2: half old, half new
        >>> outputs, h = gru(X, None, W_ih, W_hh, b, b)
        >>> outputs.numpy()[0, :, 0].round(3)              # towards n = tanh(1) = 0.762
        array([0.381, 0.571, 0.666], dtype=float32)
    """
    _check_recurrent("gru()", 3, X, W_ih, W_hh, b_ih, b_hh, () if h0 is None else (("h0", h0),))
    N, T, D = X.shape
    H = W_hh.shape[1]
    h0_data = xp.zeros((N, H), dtype=X.dtype, device=X.data.device) if h0 is None else h0.data
    # Time first inside the layer, (T, N, ...): each step's rows are one contiguous block.
    X_rows = xp.reshape(xp.permute_dims(X.data, (1, 0, 2)), (T * N, D))
    A_in = xp.reshape(X_rows @ W_ih.data.mT, (T, N, 3 * H))
    A_in += b_ih.data  # (T, N, 3H): the input part of every step
    W_hh_T = W_hh.data.mT
    h = h0_data
    hs, rzs, ns, us = [], [], [], []  # per step: h_t, [r_t, z_t], n_t, u_t = W_hn h_{t-1} + b_hn
    for t in range(T):
        a_h = h @ W_hh_T  # (N, 3H): the hidden part
        a_h += b_hh.data
        rz = _sigmoid(A_in[t, :, : 2 * H] + a_h[:, : 2 * H])
        r, z = rz[:, :H], rz[:, H:]
        u = a_h[:, 2 * H :]
        n = xp.tanh(A_in[t, :, 2 * H :] + r * u)
        h = n + z * (h - n)  # (1 - z) n + z h
        hs.append(h)
        rzs.append(rz)
        ns.append(n)
        us.append(u)
    parents = (X, W_ih, W_hh, b_ih, b_hh) + (() if h0 is None else (h0,))
    outputs = Tensor(xp.permute_dims(xp.stack(hs), (1, 0, 2)), parents=parents)  # (N, T, H), a view

    def backward():
        G = outputs.grad  # dL/dh_t from outside, (N, T, H)
        dA_in = xp.empty((T, N, 3 * H), dtype=G.dtype, device=G.device)  # input part
        dA_h = xp.empty_like(dA_in)  # hidden part
        dh = xp.zeros_like(h0_data)  # what reaches h_t from step t + 1
        for t in reversed(range(T)):
            r, z, n = rzs[t][:, :H], rzs[t][:, H:], ns[t]
            h_prev = hs[t - 1] if t > 0 else h0_data
            dh += G[:, t, :]  # dh is a new array of this loop: add in place
            dn = dh * (1 - z) * (1 - n * n)
            dA_in[t, :, :H] = dn * us[t] * r * (1 - r)
            dA_in[t, :, H : 2 * H] = dh * (h_prev - n) * z * (1 - z)
            dA_in[t, :, 2 * H :] = dn
            dA_h[t, :, : 2 * H] = dA_in[t, :, : 2 * H]
            dA_h[t, :, 2 * H :] = dn * r
            dh = dh * z + dA_h[t] @ W_hh.data  # dL/dh_{t-1}: kept part and through W_hh
        rows_in = xp.reshape(dA_in, (T * N, 3 * H))
        rows_h = xp.reshape(dA_h, (T * N, 3 * H))
        h_prev = xp.stack([h0_data] + hs[:-1])  # h_0 ... h_{T-1}, (T, N, H)
        W_ih.add_grad(rows_in.mT @ X_rows)
        W_hh.add_grad(rows_h.mT @ xp.reshape(h_prev, (T * N, H)))
        b_ih.add_grad(xp.sum(rows_in, axis=0))
        b_hh.add_grad(xp.sum(rows_h, axis=0))
        if X.requires_grad:  # input data needs no gradient: skip the matmul
            X.add_grad(xp.permute_dims(xp.reshape(rows_in @ W_ih.data, (T, N, D)), (1, 0, 2)))
        if h0 is not None:
            h0.add_grad(dh)

    outputs._backward = backward
    return outputs, outputs[:, -1, :]  # h_T is the last step of the outputs
