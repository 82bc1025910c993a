/*
 * One JSON request of the widget to Kefu's REST API, without cookies: resolves
 * {status, data} (data null when the body is not JSON); rejects only when the
 * network fails.
 */

export async function sendJson(method, url, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(url, { method, headers, body: JSON.stringify(body), credentials: "omit" });
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  return { status: response.status, data };
}
