/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** Base64 characters decoded to find a header: 48 KiB of image, enough for PNG, GIF, WebP and most JPEGs. */
const HEAD_CHARS = 65_536;

/**
 * The size of an image embedded in a payload — a `data:image/…;base64,` URL or bare base64 (Anthropic
 * `source.data`, Gemini `inlineData.data`) — read from its PNG, JPEG, GIF or WebP header. Undefined when
 * it is a link, another format, or not an image: image token rules need the size.
 */
export function embeddedImageSize(value: string): ImageSize | undefined {
  const comma = value.startsWith("data:") ? value.indexOf(",") : -1;
  if (value.startsWith("data:") && (comma < 0 || !value.slice(0, comma).endsWith(";base64")))
    return undefined;
  const base64 = value.slice(comma + 1, comma + 1 + HEAD_CHARS);
  const bytes = Buffer.from(base64.slice(0, base64.length - (base64.length % 4)), "base64");
  return pngSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? jpegSize(bytes);
}

function pngSize(b: Buffer): ImageSize | undefined {
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString("latin1", 12, 16) !== "IHDR")
    return undefined;
  return sized(b.readUInt32BE(16), b.readUInt32BE(20));
}

function gifSize(b: Buffer): ImageSize | undefined {
  if (b.length < 10 || b.toString("latin1", 0, 4) !== "GIF8") return undefined;
  return sized(b.readUInt16LE(6), b.readUInt16LE(8));
}

function webpSize(b: Buffer): ImageSize | undefined {
  if (b.length < 30 || b.toString("latin1", 0, 4) !== "RIFF" || b.toString("latin1", 8, 12) !== "WEBP")
    return undefined;
  const chunk = b.toString("latin1", 12, 16);
  if (chunk === "VP8X") return sized(1 + b.readUIntLE(24, 3), 1 + b.readUIntLE(27, 3));
  if (chunk === "VP8L") {
    const bits = b.readUInt32LE(21);
    return sized(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
  }
  if (chunk === "VP8 ") return sized(b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  return undefined;
}

/** JPEG: walk the segments to the first start-of-frame marker, which holds the size. */
function jpegSize(b: Buffer): ImageSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] as number;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return sized(b.readUInt16BE(at + 7), b.readUInt16BE(at + 5));
    at += 2 + b.readUInt16BE(at + 2);
  }
  return undefined;
}

const sized = (width: number, height: number): ImageSize | undefined =>
  width > 0 && height > 0 ? { width, height } : undefined;

/**
 * OpenAI's tile rule (gpt-4o, gpt-4.1, gpt-4-turbo, gpt-4.5 and, with other constants, gpt-4o-mini):
 * fit within 2048 × 2048, scale the shortest side down to 768, count 512-pixel tiles.
 */
export function openAiTiles({ width, height }: ImageSize): number {
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortest = Math.min(1, 768 / Math.min(w, h));
  w *= shortest;
  h *= shortest;
  return Math.ceil(Math.floor(w) / 512) * Math.ceil(Math.floor(h) / 512);
}

/**
 * Anthropic: width × height / 750, after scaling down an image whose long edge is over 1568 pixels or
 * that would be over ~1,600 tokens (1092 × 1092, 1,590 tokens, is the largest square kept as it is).
 */
export function anthropicImageTokens({ width, height }: ImageSize): number {
  const scale = Math.min(1, 1568 / Math.max(width, height), Math.sqrt((1600 * 750) / (width * height)));
  return Math.ceil((Math.floor(width * scale) * Math.floor(height * scale)) / 750);
}

/** Gemini: 258 tokens for an image up to 384 pixels on both sides, else 258 per 768-pixel tile. */
export function geminiImageTokens({ width, height }: ImageSize): number {
  if (width <= 384 && height <= 384) return 258;
  return 258 * Math.ceil(width / 768) * Math.ceil(height / 768);
}
