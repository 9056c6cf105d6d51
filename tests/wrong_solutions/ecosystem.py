"""Plausible wrong solutions to the implement exercises of docs/chapters/ecosystem.md, and the hint each must get."""

import numpy as np


def state_untransposed(dense):
    return {key: value for i, (kernel, bias) in enumerate(dense)
            for key, value in [(f"{2 * i}.weight", kernel), (f"{2 * i}.bias", bias)]}


def state_reshaped(dense):
    return {key: value for i, (kernel, bias) in enumerate(dense)
            for key, value in [(f"{2 * i}.weight", kernel.reshape(kernel.shape[::-1])), (f"{2 * i}.bias", bias)]}


def state_numbered_without_relu(dense):
    return {key: value for i, (kernel, bias) in enumerate(dense)
            for key, value in [(f"{i}.weight", kernel.T), (f"{i}.bias", bias)]}


def state_bias_row(dense):
    return {key: value for i, (kernel, bias) in enumerate(dense)
            for key, value in [(f"{2 * i}.weight", kernel.T), (f"{2 * i}.bias", bias[None])]}


def state_as_list(dense):
    return [array for kernel, bias in dense for array in (kernel.T, bias)]


class _Base:
    def __init__(self, params, lr, momentum=0.9):
        self.params, self.lr, self.momentum = list(params), lr, momentum
        self.velocity = [None] * len(self.params)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        for k, p in enumerate(self.params):
            if p.grad is None:
                continue
            self.velocity[k] = self.update(self.velocity[k], np.array(p.grad))
            p.data -= self.lr * self.velocity[k]

    def update(self, v, g):
        return g if v is None else self.momentum * v + g


class PlainSGD(_Base):
    def update(self, v, g):
        return g


class AverageMomentum(_Base):
    def update(self, v, g):
        return self.momentum * (0 if v is None else v) + (1 - self.momentum) * g


class KeepsGradients(_Base):
    def zero_grad(self):
        pass


class Ascends(_Base):
    def step(self):
        for k, p in enumerate(self.params):
            if p.grad is None:
                continue
            self.velocity[k] = self.update(self.velocity[k], np.array(p.grad))
            p.data += self.lr * self.velocity[k]


class NeverSkips(_Base):
    def step(self):
        for k, p in enumerate(self.params):
            self.velocity[k] = self.update(self.velocity[k], np.array(p.grad))
            p.data -= self.lr * self.velocity[k]


class NoZeroGrad:
    def __init__(self, params, lr, momentum=0.9):
        self.params, self.lr = list(params), lr

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad


WRONG = {
    "ecosystem/keras-to-torch": [
        (state_untransposed, "transpose it"), (state_reshaped, "reshaping keeps the order"),
        (state_numbered_without_relu, "the ReLUs too"), (state_bias_row, "not a row (1, out)"),
        (state_as_list, "should return a dict")],
    "ecosystem/momentum-optimizer": [
        (PlainSGD, "plain SGD"), (AverageMomentum, "not (1 − μ) g"), (KeepsGradients, "zero_grad() did not forget"),
        (Ascends, "goes up the gradient"), (NeverSkips, "a parameter whose .grad is None"),
        (NoZeroGrad, "has no method zero_grad()")],
}
