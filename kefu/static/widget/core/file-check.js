/*
 * What may be uploaded, checked in the browser before a byte leaves: the size
 * limit and the allowed kinds as the server announces them (KEFU_UPLOAD_MAX_BYTES,
 * KEFU_UPLOAD_TYPES). The server decides from the bytes; this only spares the
 * visitor a wasted upload. Pure: no DOM.
 */

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TYPES = ["png", "jpeg", "gif", "webp", "pdf", "txt", "csv", "docx", "xlsx", "zip"];

// The server's kind names, and how browsers name such files.
const KINDS = {
  png: { mime: ["image/png"], ext: [".png"] },
  jpeg: { mime: ["image/jpeg", "image/pjpeg"], ext: [".jpg", ".jpeg", ".jfif"] },
  gif: { mime: ["image/gif"], ext: [".gif"] },
  webp: { mime: ["image/webp"], ext: [".webp"] },
  pdf: { mime: ["application/pdf"], ext: [".pdf"] },
  txt: { mime: ["text/plain"], ext: [".txt"] },
  // Windows browsers call a .csv an Excel file.
  csv: { mime: ["text/csv", "application/vnd.ms-excel"], ext: [".csv"] },
  docx: { mime: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"], ext: [".docx"] },
  xlsx: { mime: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], ext: [".xlsx"] },
  zip: { mime: ["application/zip", "application/x-zip-compressed"], ext: [".zip"] },
};

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** {maxBytes, types} from the widget config's `upload` (defaults where it says nothing usable). */
export function uploadRules(upload) {
  const maxBytes = upload && Number.isInteger(upload.max_bytes) && upload.max_bytes > 0 ? upload.max_bytes : DEFAULT_MAX_BYTES;
  const given = upload && Array.isArray(upload.types) ? upload.types.filter((t) => typeof t === "string" && t) : [];
  return { maxBytes, types: given.length ? given.map((t) => t.toLowerCase()) : DEFAULT_TYPES.slice() };
}

function extensionOf(name) {
  const match = /\.[^./\\]+$/.exec(String(name || ""));
  return match ? match[0].toLowerCase() : "";
}

/** The kind (a server type name) a file's name or browser type says it is, among `types`; or null. */
export function kindOf(file, types) {
  const ext = extensionOf(file.name);
  const mime = String(file.type || "").toLowerCase();
  for (const kind of types) {
    // A kind this table does not know (added on the server) is recognised by its extension.
    const known = KINDS[kind] || { mime: [], ext: ["." + kind] };
    if (known.ext.includes(ext) || (mime && known.mime.includes(mime))) return kind;
  }
  return null;
}

/**
 * Why `file` ({name, size, type}) may not be sent under `rules`, or null when it may:
 * {code: "empty"} | {code: "too_large", size, maxBytes} | {code: "type", types}.
 */
export function checkFile(file, rules) {
  if (!file || !(file.size > 0)) return { code: "empty" };
  if (file.size > rules.maxBytes) return { code: "too_large", size: file.size, maxBytes: rules.maxBytes };
  if (rules.types.includes("*")) return null;
  if (!kindOf(file, rules.types)) return { code: "type", types: rules.types.slice() };
  return null;
}

/** The file input's `accept`: extensions and media types of the allowed kinds ("" for any). */
export function acceptAttribute(rules) {
  if (rules.types.includes("*")) return "";
  const parts = [];
  rules.types.forEach((kind) => {
    const known = KINDS[kind] || { mime: [], ext: ["." + kind] };
    parts.push(...known.ext, ...known.mime);
  });
  return Array.from(new Set(parts)).join(",");
}

/** The kinds as a visitor reads them: "PNG, JPEG, PDF". */
export function typeNames(types) {
  return types.map((t) => t.toUpperCase()).join(", ");
}

/** True for the image types the server shows inline (the others are downloads). */
export function isImageType(contentType) {
  return IMAGE_TYPES.has(String(contentType || "").toLowerCase());
}

/** "512 B", "48 KB", "1.5 MB", "20 MB": bytes in binary units, numbers in `locale`. */
export function formatBytes(bytes, locale) {
  const n = Math.max(0, Number(bytes) || 0);
  let value = n;
  let unit = "B";
  if (n >= 1024 * 1024 * 1024) {
    value = n / (1024 * 1024 * 1024);
    unit = "GB";
  } else if (n >= 1024 * 1024) {
    value = n / (1024 * 1024);
    unit = "MB";
  } else if (n >= 1024) {
    value = n / 1024;
    unit = "KB";
  }
  const digits = unit === "B" || value >= 10 ? 0 : 1;
  let text;
  try {
    text = new Intl.NumberFormat(locale || undefined, { maximumFractionDigits: digits }).format(value);
  } catch (err) {
    text = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(value);
  }
  return text + " " + unit;
}

/** An image of `width` x `height` scaled down (never up) to fit `maxWidth` x `maxHeight`. */
export function fitBox(width, height, maxWidth, maxHeight) {
  if (!(width > 0) || !(height > 0)) return null;
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
