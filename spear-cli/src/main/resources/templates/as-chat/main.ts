// {{name}}: a Spear function that asks a language model. The question is the invocation's input
// (stdin), the answer its output. The model may call `add`, an AssemblyScript function of this
// guest, while the host runs the chat (abi.CHAT_SEND_AUTO_TOOLS).
//
// The node needs an LLM backend in its --config, e.g.
//   llm:
//     credentials: [{name: openai, kind: env, api_key_env: OPENAI_API_KEY}]
//     backends:
//       - {name: openai, kind: openai_chat_completion, base_url: https://api.openai.com/v1,
//          credential_ref: openai, features: [supports_tools]}
import * as abi from "./spear/abi";
import {
  Chat, errnoName, info, jsonFindInt, lastErrno, readInput, toolArgs, toolResult,
} from "./spear/index";

const ADD_TOOL =
  "{\"type\":\"function\",\"function\":{\"name\":\"add\",\"description\":\"Adds two integers.\"," +
  "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}," +
  "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}}}";

// The tool: {"a":2,"b":3} -> {"sum":5}.
function add(args: usize, argsLen: i32, out: usize, outLen: usize): i32 {
  const json = toolArgs(args, argsLen);
  const a = jsonFindInt(json, "a");
  const b = jsonFindInt(json, "b");
  info("add(" + a.toString() + ", " + b.toString() + ") = " + (a + b).toString());
  return toolResult(out, outLen, "{\"sum\":" + (a + b).toString() + "}");
}

function main(): i32 {
  let question = readInput();
  if (question.trim().length == 0) question = "What is 2 + 3?";
  const chat = Chat.create();
  if (chat == null) {
    console.error("cchat_create: " + errnoName(lastErrno));
    return 1;
  }
  chat.message("system", "Answer briefly. Use the add tool to add numbers.");
  chat.message("user", question);
  if (process.env.has("MODEL")) chat.paramString("model", process.env.get("MODEL"));
  chat.tool(ADD_TOOL, add);
  const response = chat.send(abi.CHAT_SEND_AUTO_TOOLS);
  if (response == null) {
    console.error("cchat_send: " + errnoName(lastErrno));
    return 1;
  }
  const answer = response.content();
  if (answer == null) {
    const body = response.json();
    console.error("no answer: " + (body != null ? body : errnoName(lastErrno)));
    return 1;
  }
  console.log(answer);
  response.close();
  chat.close();
  return 0;
}

const code = main();
if (code != 0) process.exit(code);
