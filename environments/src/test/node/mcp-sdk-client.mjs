// Drives a Plugboard server with the official TypeScript MCP SDK client over Streamable HTTP:
// initialize (version negotiation), tools/list, tools/call, ping, then closes the session.
// Usage: node mcp-sdk-client.mjs http://127.0.0.1:PORT/mcp
// Prints one JSON line with what the client saw; exits non-zero on any failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = process.argv[2];
if (!url) {
  console.error("usage: node mcp-sdk-client.mjs <mcp-url>");
  process.exit(2);
}
const client = new Client({ name: "plugboard-conformance", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(url));
try {
  await client.connect(transport);
  const listed = await client.listTools();
  const echoed = await client.callTool({ name: "echo_message", arguments: { message: "Hello from TypeScript" } });
  const withLength = await client.callTool({ name: "echo_with_length", arguments: { message: "Test" } });
  const badArgs = await client.callTool({ name: "echo_message", arguments: {} });
  let unknownTool = null;
  try {
    await client.callTool({ name: "nonexistent_tool", arguments: {} });
  } catch (e) {
    unknownTool = { code: e.code, message: e.message };
  }
  await client.ping();
  const out = {
    protocolVersion: transport.protocolVersion ?? null,
    sessionId: transport.sessionId ?? null,
    serverInfo: client.getServerVersion(),
    tools: listed.tools.map((t) => t.name),
    echoed: echoed.content[0].text,
    echoedStructured: echoed.structuredContent,
    withLength: withLength.structuredContent,
    badArgsIsError: badArgs.isError === true,
    unknownTool,
  };
  await transport.terminateSession();
  await client.close();
  console.log(JSON.stringify(out));
} catch (e) {
  console.error("MCP SDK client failed:", e && e.stack ? e.stack : e);
  process.exit(1);
}
