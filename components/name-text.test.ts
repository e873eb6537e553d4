import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NameText } from "./name-text";

const render = (name: string) => renderToStaticMarkup(createElement(NameText, { name }));
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&");

describe("NameText", () => {
  it("offers a break after each _ . or - and nowhere inside a word", () => {
    expect(render("invitations_order.user-idx")).toBe(
      "<span>invitations_</span><span><wbr/>order.</span><span><wbr/>user-</span><span><wbr/>idx</span>",
    );
  });

  it("keeps any name's text whole, markup inert", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        const html = render(name);
        expect(textOf(html)).toBe(name);
        expect(html.split("<wbr/>").length - 1).toBe(Math.max(0, name.split(/(?<=[_.-])/).length - 1));
      }),
    );
  });
});
