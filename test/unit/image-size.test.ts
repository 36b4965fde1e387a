import { describe, expect, it } from "vitest";
import { defaultTokenizers, loadCatalog } from "../../src/api.js";
import {
  anthropicImageTokens,
  embeddedImageSize,
  geminiImageTokens,
  openAiTiles,
} from "../../src/core/requests/image-size.js";
import { readPayload } from "../../src/core/requests/payload.js";
import { requestTokens } from "../../src/core/requests/request-tokens.js";
import { findModel } from "../../src/core/select-models.js";

/** The first bytes of an image file: enough header for its size, as a payload embeds it. */
function png(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  b.writeUInt32BE(0x89504e47, 0);
  b.writeUInt32BE(0x0d0a1a0a, 4);
  b.writeUInt32BE(13, 8);
  b.write("IHDR", 12, "latin1");
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}
function jpeg(width: number, height: number): Buffer {
  // SOI, an APP0 segment to skip, then SOF0 with the size.
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(16)]);
}
function gif(width: number, height: number): Buffer {
  const b = Buffer.alloc(13);
  b.write("GIF89a", 0, "latin1");
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}
function webp(width: number, height: number): Buffer {
  const b = Buffer.alloc(30);
  b.write("RIFF", 0, "latin1");
  b.write("WEBPVP8X", 8, "latin1");
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}
const dataUrl = (type: string, bytes: Buffer) => `data:image/${type};base64,${bytes.toString("base64")}`;

describe("image sizes from embedded images", () => {
  it("reads PNG, JPEG, GIF and WebP headers, in data URLs and bare base64", () => {
    expect(embeddedImageSize(dataUrl("png", png(1024, 768)))).toEqual({ width: 1024, height: 768 });
    expect(embeddedImageSize(jpeg(640, 480).toString("base64"))).toEqual({ width: 640, height: 480 });
    expect(embeddedImageSize(dataUrl("gif", gif(32, 16)))).toEqual({ width: 32, height: 16 });
    expect(embeddedImageSize(dataUrl("webp", webp(2000, 1000)))).toEqual({ width: 2000, height: 1000 });
    expect(embeddedImageSize("https://example.com/a.png")).toBeUndefined();
    expect(
      embeddedImageSize(`data:text/plain;base64,${Buffer.from("hello").toString("base64")}`),
    ).toBeUndefined();
    expect(embeddedImageSize("data:image/png,not-base64")).toBeUndefined();
  });

  it("applies the providers' published rules to their published examples", () => {
    // OpenAI: 1024 × 1024 high detail = 85 + 170 × 4 = 765; 2048 × 4096 = 85 + 170 × 6 = 1105.
    expect(openAiTiles({ width: 1024, height: 1024 })).toBe(4);
    expect(openAiTiles({ width: 2048, height: 4096 })).toBe(6);
    expect(openAiTiles({ width: 128, height: 64 })).toBe(1);
    // Anthropic: 200 × 200 ≈ 54, 1000 × 1000 ≈ 1334, 1092 × 1092 ≈ 1590 (the largest kept as is).
    expect(anthropicImageTokens({ width: 200, height: 200 })).toBe(54);
    expect(anthropicImageTokens({ width: 1000, height: 1000 })).toBe(1334);
    expect(anthropicImageTokens({ width: 1092, height: 1092 })).toBe(1590);
    expect(anthropicImageTokens({ width: 4000, height: 4000 })).toBeLessThanOrEqual(1600);
    // Gemini: 258 up to 384 × 384, else 258 per 768-pixel tile.
    expect(geminiImageTokens({ width: 384, height: 300 })).toBe(258);
    expect(geminiImageTokens({ width: 1000, height: 800 })).toBe(258 * 4);
  });

  it("counts embedded images in requests where the model has a rule, and says which it could not", async () => {
    const catalog = await loadCatalog();
    const count = async (payload: unknown, name: string) => {
      const model = findModel(catalog, name, "2026-11-27");
      const tokenizer = await defaultTokenizers().load(model.tokenizer);
      return requestTokens(readPayload(payload), model, (text) => tokenizer.count(text));
    };
    const image = (detail?: string) => ({
      role: "user",
      content: [
        {
          type: "image_url",
          image_url: { url: dataUrl("png", png(1024, 1024)), ...(detail ? { detail } : {}) },
        },
      ],
    });
    const none = await count({ messages: [{ role: "user", content: [] }] }, "gpt-4o");
    const high = await count({ messages: [image("high")] }, "gpt-4o");
    expect(high.tokens - none.tokens).toBe(765);
    expect(high.reasons).toEqual([]);
    const auto = await count({ messages: [image()] }, "gpt-4o");
    expect(auto.tokens).toBe(high.tokens);
    expect(auto.reasons).toEqual(['images of detail "auto" counted as "high"']);
    expect((await count({ messages: [image("high")] }, "gpt-4o-mini")).tokens - none.tokens).toBe(
      2833 + 5667 * 4,
    );
    expect((await count({ messages: [image("high")] }, "gpt-4.1-mini")).uncounted).toBe(1);
    const claude = {
      messages: [
        {
          role: "user",
          content: [
            {
              type: "image",
              source: { type: "base64", media_type: "image/jpeg", data: jpeg(1000, 1000).toString("base64") },
            },
          ],
        },
      ],
    };
    const withImage = await count(claude, "claude-sonnet-4-5");
    const without = await count({ messages: [{ role: "user", content: [] }] }, "claude-sonnet-4-5");
    expect(withImage.tokens - without.tokens).toBe(1334);
    expect(withImage.uncounted).toBe(0);
    const gemini = {
      contents: [
        {
          role: "user",
          parts: [
            { inlineData: { mimeType: "image/gif", data: gif(300, 300).toString("base64") } },
            { fileData: { fileUri: "gs://x/y.mp4" } },
          ],
        },
      ],
    };
    const counted = await count(gemini, "gemini-2.5-flash");
    expect(counted.uncounted).toBe(1);
  });
});
