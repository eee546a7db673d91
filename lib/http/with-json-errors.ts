import { ERROR_STATUS, errorBody, toErrorResponse, type ErrorCode } from "./errors";

const CODE_OF_STATUS = new Map<number, ErrorCode>(
  (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).filter(([code]) => code !== "invalid_text").map(([code, status]) => [status, code]),
);

/**
 * The wrapper for a route whose handler is a library's (next-auth): its errors become Warden's one JSON
 * shape too. A thrown error is mapped as withSession maps it; an error answer that is not JSON (next-auth
 * answers an unknown action with a plain-text 400) is re-sent as {"error":{code,message}}.
 */
export function withJsonErrors<C>(handler: (req: Request, ctx: C) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    let res: Response;
    try {
      res = await handler(req, ctx);
    } catch (err) {
      // A library that parses the body itself throws a SyntaxError on a malformed one: the caller's error.
      if (err instanceof SyntaxError) return Response.json(errorBody("invalid_request", `The request body could not be read: ${err.message.slice(0, 200)}`), { status: 400 });
      return toErrorResponse(err);
    }
    if (res.status < 400 || (res.headers.get("content-type") ?? "").startsWith("application/json")) return res;
    const text = (await res.text()).replace(/^Error:\s*/, "").split("\n")[0].slice(0, 300).trim();
    const code = CODE_OF_STATUS.get(res.status) ?? (res.status >= 500 ? "internal" : "invalid_request");
    return Response.json(errorBody(code, text || `Request refused (${res.status}).`), { status: res.status, headers: { "cache-control": "no-store" } });
  };
}
