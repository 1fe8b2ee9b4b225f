"""The real OpenEnv Python client (openenv 0.10.0, GenericEnvClient) drives a Plugboard server over /ws."""
import pytest
from openenv.core.generic_client import GenericEnvClient


def test_generic_client_plays_an_echo_episode(plugboard):
    url = plugboard.serve("echo")
    with GenericEnvClient(base_url=url).sync() as env:
        first = env.reset()
        assert first.done is False
        result = env.step({"type": "call_tool", "tool_name": "echo_message", "arguments": {"message": "hello"}})
        assert result.observation["result"]["structured_content"] == {"result": "hello"}
        assert env.state()["step_count"] == 1
        # a malformed action is raised by the client as the reference server's validation error
        with pytest.raises(RuntimeError, match="VALIDATION_ERROR"):
            env.step({"message": "not an MCP action"})
