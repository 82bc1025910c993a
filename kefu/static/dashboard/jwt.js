/** Read the payload of a JWT (no verification: only to schedule a refresh). */
export function jwtPayload(token) {
  try {
    let part = String(token).split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    while (part.length % 4) part += "=";
    return JSON.parse(atob(part));
  } catch (err) {
    return {};
  }
}
