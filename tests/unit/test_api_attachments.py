"""REST of blueprints/api_attachments.py: upload checks answered in the contract's shape,
and who may fetch a file back."""

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from kefu.models import Attachment
from tests.images import png_bytes

from .rest import bearer, count


def upload(client, token, data, name="a.png"):
    # Encoded here: the test client spools a large body to a file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
    return client.post(
        "/api/attachments",
        headers=bearer(token),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_an_oversized_declared_length_is_refused_before_the_body(
    app, client, make_visitor, visitor_token
):
    token = visitor_token(make_visitor())
    answer = client.post(
        "/api/attachments",
        headers=bearer(token),
        input_stream=io.BytesIO(b""),  # nothing is read: the header alone decides
        environ_overrides={"CONTENT_LENGTH": str(10**12)},
        content_type="multipart/form-data; boundary=x",
    )
    assert answer.status_code == 413
    assert answer.get_json()["error"]["code"] == "file_too_large"
    assert count(Attachment) == 0


def test_a_file_over_the_limit_is_refused(app, client, make_visitor, visitor_token):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    answer = upload(client, visitor_token(make_visitor()), b"x" * 5000, "big.txt")
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "file_too_large"
    assert "0.000954" not in answer.get_json()["error"]["message"]
    assert count(Attachment) == 0


def test_a_type_outside_the_allow_list_is_refused(app, client, make_visitor, visitor_token):
    answer = upload(client, visitor_token(make_visitor()), b"<html><script>x</script>", "x.png")
    assert answer.status_code == 415
    assert answer.get_json()["error"]["code"] == "unsupported_type"
    assert count(Attachment) == 0


def test_the_file_part_is_required(client, make_visitor, visitor_token):
    answer = client.post("/api/attachments", headers=bearer(visitor_token(make_visitor())), json={})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "missing_field"


def test_names_are_labels_not_paths(client, make_visitor, visitor_token):
    answer = upload(
        client, visitor_token(make_visitor()), png_bytes(), "../../etc/\u202epasswd.png"
    )
    assert answer.status_code == 201
    assert answer.get_json()["name"] == "passwd.png"


def test_an_unattached_upload_is_its_uploaders_alone(client, make_visitor, visitor_token):
    owner, stranger = make_visitor(), make_visitor()
    uploaded = upload(client, visitor_token(owner), png_bytes()).get_json()
    path = f"/api/attachments/{uploaded['id']}"
    assert client.get(path, headers=bearer(visitor_token(owner))).status_code == 200
    assert client.get(path, headers=bearer(visitor_token(stranger))).status_code == 403
    assert client.get(path).status_code == 401
    assert client.get(uploaded["url"]).status_code == 200  # the signed link of its answer


def test_a_signed_link_is_bound_to_its_file_and_expires(app, client, make_visitor, visitor_token):
    token = visitor_token(make_visitor())
    first = upload(client, token, png_bytes()).get_json()
    second = upload(client, token, png_bytes(color=(0, 0, 0))).get_json()
    signature = first["url"].split("token=")[1]
    assert client.get(f"/api/attachments/{second['id']}?token={signature}").status_code == 401
    assert client.get(f"/api/attachments/{first['id']}?token=forged").status_code == 401
    app.config["ATTACHMENT_URL_SECONDS"] = -1
    assert client.get(first["url"]).status_code == 401


def test_uploads_may_be_larger_than_other_bodies(app, client, make_visitor, visitor_token):
    assert app.config["MAX_CONTENT_LENGTH"] < 3_000_000 < app.config["UPLOAD_MAX_BYTES"]
    answer = upload(client, visitor_token(make_visitor()), b"log line\n" * 330_000, "big.txt")
    assert answer.status_code == 201 and answer.get_json()["size"] == 2_970_000
