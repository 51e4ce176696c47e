// A typed client for eokjo from service/http/openapi.json (openapi-typescript + openapi-fetch).
// `make contract` type-checks this file with `tsc --noEmit --strict`: a contract change that
// breaks these calls breaks the build.
import createClient from "openapi-fetch";
import type { components, paths } from "./eokjo";

type Conversion = components["schemas"]["Conversion"];
type Verdict = components["schemas"]["Pair"]["verdict"];

const eokjo = createClient<paths>({ baseUrl: "http://127.0.0.1:8000" });

export async function usdOfFirstFigure(text: string): Promise<string | null> {
  const { data, error } = await eokjo.POST("/v1/extract", { body: { text, to: ["USD"], rate: "1380" } });
  if (error) throw new Error(`${error.title}: ${error.detail}`);
  const conversion: Conversion | undefined = data.figures[0]?.conversions[0];
  return conversion?.amount ?? null;
}

export async function toWon(value: string, currency: string): Promise<string | null> {
  const { data, error } = await eokjo.POST("/v1/convert", { body: { value, currency, to: ["KRW"] } });
  if (error) throw new Error(error.detail);
  return data.conversions[0].amount;
}

export async function verdicts(text: string, date?: string): Promise<Verdict[]> {
  const { data, error } = await eokjo.POST("/v1/audit", { body: { text, date: date ?? null } });
  if (error) throw new Error(`${error.type}: ${error.detail}`);
  // the same operation answers the HTML report to clients that ask for text/html
  if (typeof data === "string") throw new Error("asked for JSON, got the HTML report");
  return data.pairs.map((pair) => pair.verdict);
}

export async function rate(base: string, quote: string): Promise<string> {
  const { data, error } = await eokjo.GET("/v1/rates", { params: { query: { base, quote } } });
  if (error) throw new Error(error.detail);
  return data.rate;
}
