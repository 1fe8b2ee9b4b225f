"""OpenEnv reference servers built with the installed ``openenv`` package's own ``create_app``.

The Plugboard-side tests (pytest here, JUnit in environments/) start them with the pinned venv's
uvicorn on a free loopback port, e.g.::

    .venv/bin/python -m uvicorn reference_envs:echo_app --app-dir interop/tests --host 127.0.0.1 --port 8123

``echo_app`` is OpenEnv's echo environment as upstream's ``envs/echo_env`` builds it (a pure MCP
environment over FastMCP, ``create_app(EchoEnvironment, CallToolAction, CallToolObservation,
reset_observation_cls=Observation, env_name="echo_env")``); the echo env itself is not published on
PyPI, so it is written out here from its documented behaviour. ``broken_echo_app`` is the same
server with one deliberate defect (``state`` ignores the requested ``episode_id``), so a checker
that passes the good one can be shown failing on a broken one. ``sum_app`` is a one-step question
environment with its own Action, Observation and State subclasses (``state_cls``): reset shows
"What is a + b?" (a and b from the seed), the answer scores 1.0 or 0.0 and ends the episode.
"""
from __future__ import annotations

import os
from typing import Any, Optional
from uuid import uuid4

from fastmcp import FastMCP
from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.mcp_environment import MCPEnvironment
from openenv.core.env_server.mcp_types import CallToolAction, CallToolObservation
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import Action, Observation, State


class EchoEnvironment(MCPEnvironment):
    """Echoes messages through two MCP tools; reset reward 0.0, tool steps reward None, never done."""

    SUPPORTS_CONCURRENT_SESSIONS = True
    IGNORE_EPISODE_ID = False

    def __init__(self) -> None:
        mcp = FastMCP("echo_env")

        @mcp.tool
        def echo_message(message: str) -> str:
            """Echo back the provided message.

            Args:
                message: The message to echo back

            Returns:
                The same message that was provided
            """
            return message

        @mcp.tool
        def echo_with_length(message: str) -> dict:
            """Echo back the message with its length.

            Args:
                message: The message to echo back

            Returns:
                Dictionary with the message and its length
            """
            return {"message": message, "length": len(message)}

        super().__init__(mcp)
        self._state = State(episode_id=str(uuid4()), step_count=0)

    def reset(self, seed: Optional[int] = None, episode_id: Optional[str] = None, **kwargs: Any) -> Observation:
        if self.IGNORE_EPISODE_ID:
            episode_id = None
        self._state = State(episode_id=episode_id or str(uuid4()), step_count=0)
        return Observation(done=False, reward=0.0, metadata={"status": "ready", "message": "Echo environment ready!"})

    def _step_impl(self, action: Any, timeout_s: Optional[float] = None, **kwargs: Any) -> Observation:
        return Observation(done=False, reward=None, metadata={"error": f"unknown action {type(action).__name__}"})

    def step(self, action: Any, timeout_s: Optional[float] = None, **kwargs: Any) -> Observation:
        self._state.step_count += 1
        return super().step(action, timeout_s=timeout_s, **kwargs)

    async def step_async(self, action: Any, timeout_s: Optional[float] = None, **kwargs: Any) -> Observation:
        self._state.step_count += 1
        return await super().step_async(action, timeout_s=timeout_s, **kwargs)

    @property
    def state(self) -> State:
        return self._state


class BrokenEchoEnvironment(EchoEnvironment):
    """The deliberate defect: every reset gets a fresh episode id, whatever the caller asked for."""

    IGNORE_EPISODE_ID = True


class AnswerAction(Action):
    """The agent's answer."""

    answer: str


class QuestionObservation(Observation):
    """The question, and after the answer what was submitted."""

    question: str = ""
    submitted: Optional[str] = None


class SumState(State):
    """Which question this episode asks."""

    a: int = 0
    b: int = 0


class SumEnvironment(Environment):
    """What is a + b? One answer per episode."""

    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__()
        self._state = SumState(episode_id=str(uuid4()))

    def reset(self, seed: Optional[int] = None, episode_id: Optional[str] = None, **kwargs: Any) -> QuestionObservation:
        import random

        rng = random.Random(seed)
        self._state = SumState(episode_id=episode_id or str(uuid4()), a=rng.randint(1, 99), b=rng.randint(1, 99))
        return QuestionObservation(question=f"What is {self._state.a} + {self._state.b}?", reward=0.0)

    def step(self, action: AnswerAction, timeout_s: Optional[float] = None, **kwargs: Any) -> QuestionObservation:
        self._state.step_count += 1
        right = action.answer.strip() == str(self._state.a + self._state.b)
        return QuestionObservation(question=f"What is {self._state.a} + {self._state.b}?", submitted=action.answer,
                                   reward=1.0 if right else 0.0, done=True)

    @property
    def state(self) -> SumState:
        return self._state


def _app(env_cls: type) -> Any:
    return create_app(env_cls, CallToolAction, CallToolObservation, reset_observation_cls=Observation,
                      env_name="echo_env", max_concurrent_envs=int(os.getenv("MAX_CONCURRENT_ENVS", "8")))


echo_app = _app(EchoEnvironment)
broken_echo_app = _app(BrokenEchoEnvironment)
sum_app = create_app(SumEnvironment, AnswerAction, QuestionObservation, env_name="sum_env", state_cls=SumState,
                     max_concurrent_envs=8)
