// What the server takes as an uploaded file, shared so a phone can tell before it keeps one.

/** The largest photo, leave document or dispute file the server accepts (its body limit). */
export const UPLOAD_BYTES_MAX = 5 * 1024 * 1024;
