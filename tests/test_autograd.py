"""The autograd engine: every op against finite differences and against PyTorch (float64)."""

import numpy as np
import pytest
import torch
from conftest import assert_close, torch_copy

from dlref import backend as B
from dlref.autograd import Tensor, graph, is_grad_enabled, no_grad, tensor
from dlref.joining import concat, stack
from dlref.finite_differences import GradcheckError, gradcheck, numerical_gradient


def leaves(shapes, positive=False):
    """Random float64 leaves requiring grad; `positive` draws from [0.5, 2] (for log, /, **)."""
    rng = B.rng()
    draw = (lambda s: rng.uniform(0.5, 2.0, s)) if positive else rng.standard_normal
    return [tensor(draw(s), requires_grad=True) for s in shapes]


def check_against_torch(fn, xs, torch_fn=None):
    """The value of `fn` and the gradient of every input equal PyTorch's (rtol 1e-10)."""
    ts = [torch_copy(x) for x in xs]
    out, expected = fn(*xs), (torch_fn or fn)(*ts)
    assert out.shape == tuple(expected.shape)
    assert_close(out.numpy(), expected)
    weights = B.rng().standard_normal(out.shape)  # checks a random row mix of the Jacobian
    (out * tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for x, t in zip(xs, ts):
        assert_close(x.grad, t.grad)


def softmax_regression_loss(Z):
    """The mean log-probability of a softmax, from primitives (Z is used twice)."""
    return (Z.exp() / Z.exp().sum(axis=1, keepdims=True)).log().mean()


def used_twice(y):
    """g(y, y): the node y feeds two different ops."""
    return y * y + y / 3


# (name, function, input shapes, positive inputs?, torch's spelling if it differs)
CASES = [
    # elementwise arithmetic, with broadcasting
    ("add", lambda a, b: a + b, [(3, 1, 4), (2, 4)], False, None),
    ("sub", lambda a, b: a - b, [(2, 4), (3, 1, 4)], False, None),
    ("mul", lambda a, b: a * b, [(3, 1), (1, 5)], False, None),
    ("div", lambda a, b: a / b, [(2, 3), (3,)], True, None),
    ("div_0d", lambda a, b: a / b, [(), (2, 3)], True, None),
    ("neg", lambda a: -a, [(2, 3)], False, None),
    ("pow_number", lambda a: a**3, [(2, 3)], False, None),
    ("pow_fraction", lambda a: a**0.5 + a**-1.5, [(4,)], True, None),
    ("pow_tensor", lambda a, b: a**b, [(2, 3), (3,)], True, None),
    ("numbers_on_the_left", lambda a: 2.0 - a + 3 * a - 1 / a + 2**a, [(5,)], True, None),
    ("numbers_on_the_right", lambda a: (a + 1) * 0.5 - 2 / a.exp() ** 2, [(5,)], False, None),
    # matrix products: inner, vector-matrix, matrix-vector, matrix, batched, broadcast batches
    ("matmul_1d_1d", lambda a, b: a @ b, [(3,), (3,)], False, None),
    ("matmul_1d_2d", lambda a, b: a @ b, [(3,), (3, 4)], False, None),
    ("matmul_2d_1d", lambda a, b: a @ b, [(2, 3), (3,)], False, None),
    ("matmul_2d_2d", lambda a, b: a @ b, [(2, 3), (3, 4)], False, None),
    ("matmul_3d_2d", lambda a, b: a @ b, [(2, 2, 3), (3, 4)], False, None),
    ("matmul_3d_3d", lambda a, b: a @ b, [(2, 2, 3), (2, 3, 2)], False, None),
    ("matmul_batch_broadcast", lambda a, b: a @ b, [(2, 1, 2, 3), (3, 3, 2)], False, None),
    ("matmul_1d_3d", lambda a, b: a @ b, [(3,), (2, 3, 2)], False, None),
    ("matmul_3d_1d", lambda a, b: a @ b, [(2, 4, 3), (3,)], False, None),
    # indexing: slices, integers, integer arrays with repeats, boolean masks
    ("getitem_slice", lambda a: a[1:3, ::2], [(4, 5)], False, None),
    ("getitem_int_ellipsis", lambda a: a[1] * a[..., -1], [(3, 3)], False, None),
    ("getitem_new_axis_numpy_int", lambda a: a[None, np.int64(1), :-1] * a[-1, 1:], [(3, 4)], False, None),
    ("getitem_repeated_ints", lambda a: a[np.array([0, 2, 0, 0])], [(3, 2)], False, None),
    ("getitem_int_pairs", lambda a: a[np.array([0, 1, 1]), np.array([2, 2, 0])], [(2, 3)],
     False, None),
    ("getitem_mask", lambda a: a[np.array([[True, False, True], [False, False, True]])],
     [(2, 3)], False, None),
    # reductions
    ("sum_all", lambda a: a.sum(), [(2, 3)], False, None),
    ("sum_axis", lambda a: a.sum(axis=1), [(2, 3, 2)], False, None),
    ("sum_negative_axis_keepdims", lambda a: a.sum(axis=-1, keepdims=True), [(2, 3)], False, None),
    ("sum_tuple", lambda a: a.sum(axis=(0, 2)), [(2, 3, 2)], False, None),
    ("sum_tuple_keepdims", lambda a: a.sum(axis=(0, -1), keepdims=True), [(2, 3, 2)], False, None),
    ("mean_all", lambda a: a.mean(), [(2, 3)], False, None),
    ("mean_axis", lambda a: a.mean(axis=0), [(4, 3)], False, None),
    ("mean_tuple_keepdims", lambda a: a.mean(axis=(1, 2), keepdims=True), [(2, 3, 2)], False, None),
    ("max_all", lambda a: a.max(), [(2, 3)], False, lambda t: t.amax()),
    ("max_axis", lambda a: a.max(axis=1), [(2, 3, 2)], False, lambda t: t.amax(dim=1)),
    ("max_keepdims", lambda a: a.max(axis=-1, keepdims=True), [(3, 4)], False,
     lambda t: t.amax(dim=-1, keepdim=True)),
    ("max_tuple", lambda a: a.max(axis=(0, 2)), [(2, 3, 2)], False, lambda t: t.amax(dim=(0, 2))),
    # shapes
    ("reshape", lambda a: a.reshape(3, -1) * a.reshape((4, 3)).T, [(2, 3, 2)], False, None),
    ("transpose_2d", lambda a, b: a.T @ b, [(3, 2), (3, 4)], False, None),
    ("transpose_3d", lambda a: a.T, [(2, 3, 4)], False, lambda t: t.permute(2, 1, 0)),
    ("broadcast_to", lambda a: a.broadcast_to((4, 2, 3)), [(2, 1)], False, None),
    ("broadcast_to_same", lambda a: a.broadcast_to((2, 3)) * a, [(2, 3)], False, None),
    ("concat_axis1", lambda a, b: concat([a, b], axis=1), [(2, 3), (2, 2)], False,
     lambda a, b: torch.cat([a, b], dim=1)),
    ("concat_used_twice", lambda a: concat([a, a * 2], axis=-2), [(2, 3)], False,
     lambda a: torch.cat([a, a * 2], dim=-2)),
    ("stack_axis1", lambda a, b: stack([a, b], axis=1), [(2, 3), (2, 3)], False,
     lambda a, b: torch.stack([a, b], dim=1)),
    ("stack_negative_axis", lambda a, b: stack([a, b, a], axis=-1), [(3,), (3,)], False,
     lambda a, b: torch.stack([a, b, a], dim=-1)),
    # elementwise functions
    ("exp", lambda a: a.exp(), [(2, 3)], False, None),
    ("log", lambda a: a.log(), [(2, 3)], True, None),
    ("abs", lambda a: a.abs(), [(2, 3)], False, None),
    # a node used more than once
    ("x_times_x", lambda a: a * a, [(3,)], False, None),
    ("y_used_twice", lambda a: used_twice(a.exp()), [(2, 3)], False, None),
    ("x_minus_x", lambda a: (a - a) @ a.T + a @ a.T, [(2, 3)], False, None),
    ("x_over_x", lambda a: a / a * a, [(4,)], True, None),
    # a small network: softmax regression written with primitives
    ("composite", lambda X, W, b: softmax_regression_loss(X @ W.T + b), [(4, 3), (2, 3), (2,)],
     False, None),
]


@pytest.mark.parametrize("name, fn, shapes, positive, torch_fn", CASES, ids=[c[0] for c in CASES])
def test_op_gradcheck_and_torch(backend, name, fn, shapes, positive, torch_fn):
    xs = leaves(shapes, positive)
    assert gradcheck(fn, xs)
    check_against_torch(fn, xs, torch_fn)


def test_max_shares_the_gradient_between_ties_as_torch_amax(backend):
    x = tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0], [5.0, 5.0, 5.0]], requires_grad=True)
    for axis, dim in [(None, ()), (0, 0), (1, 1)]:
        x.grad = None
        check_against_torch(lambda a, axis=axis: a.max(axis=axis), [x],
                            lambda t, dim=dim: t.amax(dim=dim))
    x.grad = None
    x.max(axis=1).sum().backward()
    assert_close(x.grad, np.array([[0, 0.5, 0.5], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]]))


def test_backward_with_explicit_grad_of_a_non_scalar_output(backend):
    x, = leaves([(2, 3)])
    g = B.rng().standard_normal((2, 3))
    (x * x).backward(g)
    t = torch_copy(x)
    (t * t).backward(torch.tensor(g))
    assert_close(x.grad, t.grad)


def test_numpy_array_on_the_left_defers_to_the_tensor(backend):
    x, = leaves([(3,)])
    a = np.array([1.0, 2.0, 3.0])
    out = a * x + a @ x
    assert isinstance(out, Tensor)
    out.sum().backward()
    assert_close(x.grad, a + 3 * a)  # the scalar a @ x is broadcast over 3 elements


def test_constant_subgraphs_take_no_gradient(backend):
    """Tensors computed from constants join a graph without getting (or needing) a gradient."""
    a, b = tensor([1.0, 2.0]), tensor([3.0, 4.0])
    c = a * b + 1  # no input requires grad: a constant
    x, = leaves([(2,)])
    (x * c / (1 - b)).sum().backward()
    assert_close(x.grad, (a.numpy() * b.numpy() + 1) / (1 - b.numpy()))
    assert a.grad is None and b.grad is None and c.grad is None and not c.requires_grad


# ------------------------------------------------------- accumulation and re-use
def test_leaf_gradients_accumulate_across_backward_calls_as_torch():
    x, = leaves([(3,)])
    t = torch_copy(x)
    (x * x).sum().backward()
    (3 * x).sum().backward()
    (t * t).sum().backward()
    (3 * t).sum().backward()
    assert_close(x.grad, t.grad)


def test_second_backward_of_the_same_graph_recomputes_interior_gradients():
    x, = leaves([(3,)])
    y = x * x
    s = y.sum()
    s.backward()
    s.backward()
    assert_close(y.grad, np.ones(3))  # recomputed, not 2
    assert_close(s.grad, np.array(1.0))
    t = torch_copy(x)
    ts = (t * t).sum()
    ts.backward(retain_graph=True)
    ts.backward()
    assert_close(x.grad, t.grad)  # leaves accumulate: 2 * 2x


def test_backward_does_not_touch_grads_of_other_graphs():
    x, = leaves([(2,)])
    y = x * 2
    y.sum().backward()
    (x * 5).sum().backward()
    assert_close(y.grad, np.ones(2))
    assert_close(x.grad, np.full(2, 7.0))


def test_deep_chain_backpropagates_without_recursion():
    x = tensor([1.0, -2.0], requires_grad=True)
    y = x
    for _ in range(5000):
        y = y + x * 1.0
    y.sum().backward()
    assert_close(x.grad, np.full(2, 5001.0))


def data_dependent(x):
    """A graph decided by the data: the loop doubles until |x| sums past 10, then a branch."""
    steps = 0
    while x.abs().sum() < 10:
        x = x * 2
        steps += 1
    if x.sum() > 0:
        return (x * x).sum(), steps
    return (x.exp() * x).sum(), steps


@pytest.mark.parametrize("start, steps", [([0.5, 1.0], 3), ([-3.0, 1.0], 2), ([12.0, -20.0], 0)])
def test_define_by_run_graph_follows_the_data(backend, start, steps):
    x = tensor(start, requires_grad=True)
    t = torch_copy(x)
    out, taken = data_dependent(x)
    expected, _ = data_dependent(t)
    assert taken == steps
    out.backward()
    expected.backward()
    assert_close(out.numpy(), expected)
    assert_close(x.grad, t.grad)
    assert gradcheck(lambda x: data_dependent(x)[0], [x])


def test_graph_of_the_squared_error_has_every_node_once_each_after_its_inputs():
    w, b, x, y = tensor(0.5, requires_grad=True), tensor(0.25, requires_grad=True), tensor(3.0), tensor(2.0)
    u = w * x
    r = u + b - y
    L = r**2
    nodes, edges = graph(L)
    assert nodes[-1] is L and len(nodes) == len({id(node) for node in nodes}) == 9  # the exponent 2 too
    name = {id(node): label for node, label in [(w, "w"), (b, "b"), (x, "x"), (y, "y"), (u, "u"), (r, "r"), (L, "L")]}
    drawn = {(name.get(id(nodes[i]), nodes[i].op), name.get(id(nodes[j]), nodes[j].op)) for i, j in edges}
    assert {("w", "u"), ("x", "u"), ("u", "add"), ("b", "add"), ("add", "r"), ("y", "r"), ("r", "L")} < drawn
    assert all(i < j for i, j in edges)  # parents first
    assert [node.op for node in nodes if node.op] == ["mul", "add", "sub", "pow"]
    assert len(edges) == 8 and sum(node.op is None for node in nodes) == 5


def test_graph_counts_an_input_used_twice_twice_and_a_leaf_is_a_graph_of_one():
    x = tensor([1.0, 2.0], requires_grad=True)
    nodes, edges = graph(x * x)
    assert len(nodes) == 2 and edges == [(0, 1), (0, 1)]
    assert graph(x) == ([x], [])


def test_op_names_the_function_that_differentiates_the_tensor():
    from dlref import activations, losses

    a = tensor([[1.0, -2.0]], requires_grad=True)
    made = {"neg": -a, "truediv": a / 2, "matmul": a @ a.T, "getitem": a[0], "reshape": a.reshape(2),
            "T": a.T, "exp": a.exp(), "mean": a.mean(), "concat": concat([a, a]),
            "sigmoid": activations.sigmoid(a), "relu": activations.relu(a)}
    assert {name: t.op for name, t in made.items()} == {name: name for name in made}
    assert tensor([1.0]).op is None and losses.mse_loss(a, np.zeros((1, 2))).op is not None


def test_bool_of_a_tensor():
    assert bool(tensor(1.0) > 0) and not bool(tensor([[0.0]]))
    with pytest.raises(ValueError, match=r"^bool\(\): expected the tensor to be of one element \(the truth of several is ambiguous\), got shape \(2,\); reduce"):
        bool(tensor([1.0, 2.0]) > 0)


# ------------------------------------------------------------------- no_grad
def test_no_grad_as_context_manager():
    w, = leaves([(2,)])
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = w * 2
        leaf = tensor([1.0], requires_grad=True)  # a new leaf still requires grad, as torch
    assert is_grad_enabled()
    assert not y.requires_grad and leaf.requires_grad
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.sum().backward()


def test_no_grad_restores_the_state_after_an_exception_and_when_nested():
    with pytest.raises(KeyError), no_grad():
        raise KeyError
    assert is_grad_enabled()
    context = no_grad()
    with context:
        with context:
            assert not is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_no_grad_as_decorator_even_when_the_function_recurses():
    @no_grad()
    def power(w, n):
        assert not is_grad_enabled()
        return w if n == 1 else w * power(w, n - 1)

    w, = leaves([(2,)])
    y = power(w, 3)
    assert is_grad_enabled()
    assert not y.requires_grad
    assert_close(y.numpy(), w.numpy() ** 3)


# ------------------------------------------------------ small Tensor methods
def test_detach_cuts_the_graph_as_torch():
    x, = leaves([(3,)])
    d = x.detach()
    assert not d.requires_grad and d._parents == ()
    assert_close(d.numpy(), x.numpy())
    (d * x).sum().backward()
    t = torch_copy(x)
    (t.detach() * t).sum().backward()
    assert_close(x.grad, t.grad)


def test_item():
    assert tensor(2.5).item() == 2.5
    assert tensor([[-1.0]]).item() == -1.0
    assert isinstance(tensor([3.0]).item(), float)
    with pytest.raises(ValueError, match=r"^item\(\): expected the tensor to be of one element, got shape \(2"):
        tensor([1.0, 2.0]).item()


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "==", "!="])
def test_comparisons_give_bool_tensors_outside_the_graph(backend, op):
    x = tensor([1.0, 2.0, 3.0], requires_grad=True)
    compare = eval(f"lambda a, b: a {op} b")
    for other, other_np in [(2.0, 2.0), (tensor([3.0, 2.0, 1.0]), np.array([3.0, 2.0, 1.0]))]:
        result = compare(x, other)
        assert isinstance(result, Tensor) and not result.requires_grad and result._parents == ()
        assert result.numpy().dtype == np.bool_
        np.testing.assert_array_equal(result.numpy(), compare(np.array([1.0, 2.0, 3.0]), other_np))


def test_python_numbers_keep_float32(backend):
    x = tensor([1.0, 2.0], requires_grad=True, dtype="float32")
    results = [x * 0.5, 0.5 * x, x + 1, 1 - x, x / 2, 3 / x, x**2, x**0.5, 2**x, -x,
               x * np.float64(0.5), np.float64(2.0) ** x]
    for y in results:
        assert y.dtype == B.xp.float32
    sum(results[1:], results[0]).sum().backward()
    assert x.grad.dtype == B.xp.float32


def test_tensor_rejects_non_numbers_and_grad_on_integers():
    with pytest.raises(ValueError, match="^Tensor: expected data to be real numbers or booleans, got dtype object$"):
        Tensor(np.array([1, None], dtype=object))
    with pytest.raises(ValueError, match="^Tensor: expected data to be real numbers or booleans, got dtype <U"):
        Tensor(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="^Tensor: expected data to be real numbers or booleans, got dtype complex128$"):
        Tensor(np.array([1j]))
    with pytest.raises(ValueError, match="^Tensor: expected data to be floating to require grad, got dtype int64$"):
        Tensor(np.array([1, 2]), requires_grad=True)
    with pytest.raises(ValueError, match="^Tensor: expected data to be floating to require grad, got dtype bool$"):
        Tensor(np.array([True]), requires_grad=True)
    with pytest.raises(ValueError, match="^Tensor: expected requires_grad to be True or False, got 'yes'$"):
        Tensor([1.0], requires_grad="yes")
    assert Tensor(np.array([1, 2])).dtype == np.int64  # arrays keep their dtype


def test_backward_errors():
    x, = leaves([(2, 3)])
    with pytest.raises(RuntimeError, match="does not require grad"):
        tensor([1.0]).sum().backward()
    with pytest.raises(RuntimeError, match=r"the output has shape \(2, 3\), not a single value"):
        (x * 2).backward()
    with pytest.raises(ValueError, match=r"^backward\(\): expected grad to be of the output's shape \(2, 3\), got shape \(3,\)$"):
        (x * 2).backward(np.ones(3))


# ----------------------------------------------------------------- gradcheck
def square_with_wrong_backward(x: Tensor) -> Tensor:
    """x^2 whose backward says 3x instead of 2x: gradcheck must catch it."""
    out = Tensor(x.data**2, parents=(x,))

    def backward():
        x.add_grad(out.grad * 3 * x.data)

    out._backward = backward
    return out


def test_gradcheck_passes_on_a_correct_function_and_leaves_inputs_alone():
    a, b = leaves([(2, 2), (2,)])
    a.grad = np.full((2, 2), 7.0)
    values = a.numpy().copy()
    assert gradcheck(lambda a, b, c: (a * b * c).exp(), [a, b, tensor([2.0])]) is True
    np.testing.assert_array_equal(a.numpy(), values)
    assert_close(a.grad, np.full((2, 2), 7.0))
    assert b.grad is None


def test_gradcheck_names_the_input_and_index_of_a_wrong_gradient():
    a = tensor([1.0, 2.0], requires_grad=True)
    b = tensor([[0.5, -1.0], [2.0, 1.5]], requires_grad=True)
    b.grad = np.zeros((2, 2))
    with pytest.raises(GradcheckError, match=r"input 1 at index \(0, 0\): analytic gradient"):
        gradcheck(lambda a, b: a * square_with_wrong_backward(b), [a, b])
    assert_close(b.grad, np.zeros((2, 2)))  # restored even when the check fails
    # A single-value output is checked as it is: the message shows the plain derivatives.
    with pytest.raises(GradcheckError, match=r"index \(0,\): analytic gradient 3, numeric 2 "):
        gradcheck(lambda a: square_with_wrong_backward(a).sum(), [a])


def test_gradcheck_rejects_bad_inputs():
    x = tensor([1.0], requires_grad=True, dtype="float32")
    with pytest.raises(ValueError, match=r"^gradcheck\(\): expected inputs\[0\] to be a float64 Tensor, got dtype float32$"):
        gradcheck(lambda x: x.sum(), [x])
    with pytest.raises(ValueError, match=r"^gradcheck\(\): expected inputs\[1\] to be a float64 Tensor, got list$"):
        gradcheck(lambda x, y: x.sum(), [tensor([1.0], requires_grad=True), [1.0]])
    with pytest.raises(ValueError, match=r"^gradcheck\(\): expected inputs to be a list with at least one tensor "
                       r"that requires grad, got none that does$"):
        gradcheck(lambda x: x.sum(), [tensor([1.0])])
    x = tensor([1.0], requires_grad=True, dtype="float64")
    for kwargs, message in [({"eps": 0}, r"eps to be a number > 0, got 0"), ({"atol": "1e-5"}, r"atol to be a number > 0, got '1e-5'"),
                            ({"rtol": float("nan")}, r"rtol to be a number > 0, got nan")]:
        with pytest.raises(ValueError, match=r"^gradcheck\(\): expected " + message + "$"):
            gradcheck(lambda x: x.sum(), [x], **kwargs)
    with pytest.raises(ValueError, match=r"^gradcheck\(\): expected fn to be a function of the inputs returning a Tensor, got 3$"):
        gradcheck(3, [x])
    with pytest.raises(ValueError, match=r"^gradcheck\(\): expected fn to be a function returning a Tensor computed "
                       r"from the inputs, got one returning float$"):
        gradcheck(lambda x: 1.0, [x])
    with pytest.raises(ValueError, match=r"^numerical_gradient\(\): expected f\(\) to be a number or a one-element Tensor, got shape \(2,\)$"):
        numerical_gradient(lambda: tensor([1.0, 2.0]), x)
    with pytest.raises(ValueError, match=r"^numerical_gradient\(\): expected x to be a float64 Tensor, got list$"):
        numerical_gradient(lambda: 1.0, [1.0])


def test_a_leaf_that_requires_grad_owns_its_memory():
    source = np.array([1.0, 2.0])
    w = Tensor(source, requires_grad=True)
    w.data -= 1.0  # what an optimizer step does
    np.testing.assert_array_equal(source, [1.0, 2.0])
    assert Tensor(source).data is source  # plain data is not copied, like np.asarray


# ------------------------------------------------------- operands and dtypes
def test_a_python_number_keeps_the_tensors_dtype_as_numpy_does():
    x32 = tensor([1.0, 2.0], dtype="float32")
    assert (x32 * 0.5).dtype == np.float32 and (2 * x32).dtype == np.float32
    assert (2.0 ** x32).dtype == np.float32 and (1 - x32).dtype == np.float32
    ints = tensor(np.array([1, 2]))
    assert (ints + 1).dtype == np.int64 and (ints * 0.5).dtype == np.float64


def test_a_number_on_the_left_differentiates_like_a_tensor():
    x = tensor([0.5, 2.0], requires_grad=True, dtype="float64")
    assert gradcheck(lambda x: (2.0 ** x + 3 / x - 1 - x).sum(), [x])


def test_concat_and_stack_take_arrays_as_constants():
    a = tensor([[1.0, 2.0]], requires_grad=True)
    y = concat([a, np.zeros((2, 2))], axis=0)
    assert y.shape == (3, 2)
    (y * y).sum().backward()
    assert_close(a.grad, np.array([[2.0, 4.0]]))
    assert stack([np.ones(2), np.zeros(2)]).requires_grad is False


def test_float_of_a_one_element_tensor():
    assert float(tensor([2.5])) == 2.5
    with pytest.raises(ValueError, match=r"^item\(\): expected the tensor to be of one element, got shape \(2,\)$"):
        float(tensor([1.0, 2.0]))
