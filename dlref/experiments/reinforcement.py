r"""Reinforcement learning: an agent finds its way through a maze from rewards alone.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks

__all__ = ["grid_navigation", "MAZE", "MOVES"]


MAZE = (  # S: start, G: goal, #: wall, .: free; the shortest way winds through all three rows
    "S....",
    "####.",
    ".....",
    ".####",
    "....G",
)
MOVES = ((-1, 0), (1, 0), (0, -1), (0, 1))  # the actions: up, down, left, right


def _parse_maze(maze) -> tuple:
    """The maze as a boolean wall array, its start and goal cells; ValueError when malformed."""
    rows = list(maze) if not isinstance(maze, str) and hasattr(maze, "__iter__") else None
    if (not rows or not all(isinstance(row, str) for row in rows)
            or len({len(row) for row in rows}) != 1 or set("".join(rows)) - set("SG#.")):
        checks.fail("grid_navigation()", "maze", "equally long strings of 'S', 'G', '#' and '.'",
                    repr(maze))
    cells = np.array([list(row) for row in rows])
    found = {mark: list(zip(*np.nonzero(cells == mark))) for mark in "SG"}
    if any(len(where) != 1 for where in found.values()):
        counts = {mark: len(where) for mark, where in found.items()}
        checks.fail("grid_navigation()", "maze", "a maze with one 'S' and one 'G'", repr(counts))
    return cells == "#", tuple(map(int, found["S"][0])), tuple(map(int, found["G"][0]))


def _step(walls: np.ndarray, cell: tuple, action: int) -> tuple:
    """The cell reached by `action` from `cell`: a wall or the edge leaves the agent where it is."""
    r, c = cell[0] + MOVES[action][0], cell[1] + MOVES[action][1]
    inside = 0 <= r < walls.shape[0] and 0 <= c < walls.shape[1]
    return (r, c) if inside and not walls[r, c] else cell


def _shortest_path_length(walls: np.ndarray, start: tuple, goal: tuple) -> int | None:
    """The fewest moves from start to goal (breadth-first search), None when the goal is walled off."""
    distance, frontier = {start: 0}, [start]
    for cell in frontier:  # the list grows while we walk it: a queue
        for action in range(len(MOVES)):
            nxt = _step(walls, cell, action)
            if nxt not in distance:
                distance[nxt] = distance[cell] + 1
                frontier.append(nxt)
    return distance.get(goal)


def grid_navigation(maze=MAZE, episodes: int = 300, alpha: float = 0.5, gamma: float = 0.95,
                    epsilon: float = 0.1, max_steps: int = 200, seed: int = 0) -> dict:
    r"""Reinforcement learning: an agent learns its way through a maze from rewards alone.

    The agent stands in a cell $s$ of the maze and takes an action
    $a \in \{\uparrow, \downarrow, \leftarrow, \rightarrow\}$; a wall or the
    edge leaves it where it is. Every move costs a reward $r = -1$ and
    reaching the goal ends the episode, so the best policy is the shortest way.
    Nobody tells the agent the right move: it learns a table of action values
    $Q(s, a)$, the return it expects from taking $a$ in $s$, by Q-learning.
    After each move from $s$ to $s'$,

    $$Q(s, a) \leftarrow Q(s, a) + \alpha \big(r + \gamma \max_{a'} Q(s', a') - Q(s, a)\big),$$

    with $\max_{a'} Q(s', a') = 0$ at the goal. The agent is
    $\varepsilon$-greedy: it takes the action of the largest $Q(s, \cdot)$,
    except with probability $\varepsilon$ a random one, to keep exploring.
    Early episodes wander; as the values spread back from the goal, the
    episodes shorten to the shortest way, which the greedy policy
    $\pi(s) = \arg\max_a Q(s, a)$ then follows.

    Args:
        maze: equally long strings of `S` (start, one), `G` (goal, one), `#`
            (wall) and `.` (free), row by row; the goal must be reachable.
        episodes: episodes of learning, $\ge 1$.
        alpha: the learning rate $0 < \alpha \le 1$.
        gamma: the discount $0 < \gamma \le 1$ of later rewards.
        epsilon: the exploration probability $0 \le \varepsilon \le 1$.
        max_steps: moves after which an episode is cut off, $\ge 1$.
        seed: seeds the exploration.

    Returns:
        `{"experiment", "walls", "start", "goal", "q", "steps", "path", "shortest"}`:
        the maze (`walls`, a boolean array, and the start and goal cells),
        the learned values `q` of shape `(rows, columns, 4)`, the number of
        moves of each episode, the greedy policy's `path` from the start (a
        list of cells; it stops at the goal or after `max_steps` moves), and
        the length of the shortest way.

    Examples:
        >>> result = grid_navigation(seed=0)
        >>> len(result["path"]) - 1 == result["shortest"]  # the greedy policy takes the shortest way
        True
    """
    walls, start, goal = _parse_maze(maze)
    checks.integer("grid_navigation()", "episodes", episodes, low=1)
    checks.integer("grid_navigation()", "max_steps", max_steps, low=1)
    checks.number("grid_navigation()", "alpha", alpha, low=0, high=1, low_open=True)
    checks.number("grid_navigation()", "gamma", gamma, low=0, high=1, low_open=True)
    checks.number("grid_navigation()", "epsilon", epsilon, low=0, high=1)
    checks.integer("grid_navigation()", "seed", seed, low=0)
    shortest = _shortest_path_length(walls, start, goal)
    if shortest is None:
        checks.fail("grid_navigation()", "maze", "a maze whose goal can be reached from the start",
                    f"goal {goal} walled off from start {start}")
    rng = backend.generator(seed)
    n_actions = len(MOVES)
    q = np.zeros(walls.shape + (n_actions,)).tolist()  # nested lists: fast to index one cell at a time
    steps = []
    for _ in range(episodes):
        cell, moves = start, 0
        while cell != goal and moves < max_steps:
            values = q[cell[0]][cell[1]]
            if rng.random() < epsilon:
                action = int(rng.integers(n_actions))
            else:  # the best action, ties broken at random so that no direction is favoured
                best = max(values)
                action = int(rng.choice([a for a in range(n_actions) if values[a] == best]))
            nxt = _step(walls, cell, action)
            future = 0.0 if nxt == goal else max(q[nxt[0]][nxt[1]])
            values[action] += alpha * (-1.0 + gamma * future - values[action])
            cell, moves = nxt, moves + 1
        steps.append(moves)
    q = np.array(q)
    path = [start]
    while path[-1] != goal and len(path) <= max_steps:
        path.append(_step(walls, path[-1], int(np.argmax(q[path[-1]]))))
    return {"experiment": "grid_navigation", "walls": walls, "start": start, "goal": goal, "q": q,
            "steps": np.array(steps), "path": path, "shortest": shortest}


# ------------------------------------------------------------------ plots
def _plot_grid_navigation(result, fig):
    maze, policy = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
    maze.imshow(result["walls"], cmap="Greys", vmin=0, vmax=1.4)
    path = np.array(result["path"])
    maze.plot(path[:, 1], path[:, 0], "C3-", lw=6, alpha=0.4, solid_capstyle="round")
    arrows = np.array(MOVES)[np.argmax(result["q"], axis=-1)]  # (dr, dc) of the greedy action
    acting = ~result["walls"]
    acting[result["goal"]] = False  # the episode ends there: no action
    rows, cols = np.nonzero(acting)
    maze.quiver(cols, rows, arrows[acting][:, 1], -arrows[acting][:, 0], color="0.2", scale=14,
                pivot="middle")
    for cell, mark in ((result["start"], "S"), (result["goal"], "G")):
        maze.text(cell[1], cell[0], mark, ha="center", va="center", weight="bold")
    maze.set(xticks=[], yticks=[], title="greedy policy and path")
    episodes = np.arange(1, len(result["steps"]) + 1)
    policy.plot(episodes, result["steps"], lw=1, label="moves in the episode")
    policy.axhline(result["shortest"], color="k", ls="--", lw=1, label="shortest way")
    policy.set(xlabel="episode", ylabel="moves", title="Q-learning")
    policy.legend()


PLOTS = {"grid_navigation": _plot_grid_navigation}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
