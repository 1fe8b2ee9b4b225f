"""The official Python MCP SDK (``mcp`` 1.30.0) drives ``/mcp`` of ``plugboard serve echo``.

``streamablehttp_client`` + ``ClientSession`` (Streamable HTTP): initialize with version negotiation,
tools/list, tools/call (the SDK validates structured content against each tool's output schema),
a tool error, an unknown tool, ping, logging/setLevel, then the session's DELETE on exit. The
TypeScript SDK's twin is ``McpTypeScriptSdkTest`` in the environments module. Broken variant: the same
client against OpenEnv's own Python server, whose ``/mcp`` is the dialect without ``initialize``.
"""
from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest
from mcp import ClientSession
# the entry point the SDK documents; 1.30 marks it deprecated for streamable_http_client (same transport)
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.exceptions import McpError
from mcp.types import LATEST_PROTOCOL_VERSION


async def drive(mcp_url: str, headers: dict[str, str] | None = None) -> dict:
    """Everything the SDK saw, as plain values."""
    seen: dict = {}
    async with streamablehttp_client(mcp_url, headers=headers, timeout=20) as (read, write, get_session_id):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            seen["protocolVersion"] = init.protocolVersion
            seen["serverName"] = init.serverInfo.name
            seen["capabilities"] = init.capabilities.model_dump(exclude_none=True)
            seen["sessionId"] = get_session_id()
            seen["tools"] = [t.name for t in (await session.list_tools()).tools]
            echoed = await session.call_tool("echo_message", {"message": "Hello from Python"})
            seen["echoed"] = (echoed.isError, echoed.content[0].type, echoed.content[0].text, echoed.structuredContent)
            with_length = await session.call_tool("echo_with_length", {"message": "Test"})
            seen["withLength"] = with_length.structuredContent
            bad = await session.call_tool("echo_message", {})
            seen["badArgs"] = (bad.isError, bad.content[0].text)
            try:
                await session.call_tool("nonexistent_tool", {})
                seen["unknownTool"] = None
            except McpError as e:
                seen["unknownTool"] = e.error.code
            seen["ping"] = (await session.send_ping()).model_dump(exclude_none=True)
            seen["setLevel"] = (await session.set_logging_level("warning")).model_dump(exclude_none=True)
    return seen


def raw_post(url: str, body: dict, headers: dict[str, str]) -> tuple[int, str, str | None]:
    """One POST: status, body and the Mcp-Session-Id header."""
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          "Accept": "application/json, text/event-stream", **headers})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode(), r.headers.get("Mcp-Session-Id")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), None


@pytest.mark.filterwarnings("ignore:Use `streamable_http_client` instead:DeprecationWarning")
def test_python_sdk_initializes_lists_and_calls_the_echo_tools_and_refuses_a_rebinding_host(plugboard):
    mcp_url = plugboard.serve("echo") + "/mcp"
    seen = asyncio.run(drive(mcp_url))
    assert seen["protocolVersion"] == LATEST_PROTOCOL_VERSION == "2025-11-25"
    assert seen["serverName"] == "plugboard"
    assert seen["capabilities"] == {"logging": {}, "tools": {"listChanged": False}}
    assert len(seen["sessionId"]) == 36
    assert seen["tools"] == ["echo_message", "echo_with_length"]
    assert seen["echoed"] == (False, "text", "Hello from Python", {"result": "Hello from Python"})
    assert seen["withLength"] == {"message": "Test", "length": 4}
    assert seen["badArgs"][0] is True and "'message' must be a string" in seen["badArgs"][1]
    assert seen["unknownTool"] == -32602
    assert seen["ping"] == {}
    assert seen["setLevel"] == {}
    # leaving the client DELETEd the session (terminate_on_close): it is gone on the server
    status, body, _ = raw_post(mcp_url, {"jsonrpc": "2.0", "id": 1, "method": "ping"},
                            {"Mcp-Session-Id": seen["sessionId"], "MCP-Protocol-Version": "2025-11-25"})
    assert status == 404, body

    # a level the spec does not have (the SDK's types refuse to send one, so raw HTTP)
    init = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    status, body, sid = raw_post(mcp_url, init, {})
    assert status == 200 and sid, body
    status, body, _ = raw_post(mcp_url, {"jsonrpc": "2.0", "id": 2, "method": "logging/setLevel", "params": {"level": "verbose"}},
                            {"Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-11-25"})
    assert status == 200 and json.loads(body)["error"]["code"] == -32602, body

    # DNS rebinding: the same client through a foreign Host is refused with 403
    status, body, _ = raw_post(mcp_url, init, {"Host": "evil.example.com"})
    assert status == 403 and "Host header 'evil.example.com' not allowed" in json.loads(body)["error"]["message"]
    with pytest.raises(BaseException) as caught:
        asyncio.run(drive(mcp_url, headers={"Host": "evil.example.com"}))
    assert "'403 Forbidden'" in repr(caught.value), repr(caught.value)


@pytest.mark.filterwarnings("ignore:Use `streamable_http_client` instead:DeprecationWarning")
def test_broken_variant_is_caught_the_sdk_fails_against_the_openenv_dialect(openenv_server):
    """OpenEnv's Python server answers ``initialize`` on /mcp with -32601: the checks above must fail there."""
    mcp_url = openenv_server("echo_app") + "/mcp"
    with pytest.raises(BaseException) as caught:
        asyncio.run(drive(mcp_url))
    assert "McpError('Method not found: initialize')" in repr(caught.value), repr(caught.value)
