"""Logins (issue 12): throttled per account and per address with a Vietnamese wait that grows,
weak passwords refused in Vietnamese, sessions that end when idle or too old, and a Vietnamese
page for an expired form (CSRF)."""

import time
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from dxtrack.core import throttle
from dxtrack.core.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from dxtrack.registry.management.commands.demo import Command

PASSWORD = "Ca-phe-sang-thu-hai"


@pytest.fixture
def fresh_throttle(settings):
    """A throttle cache of this test only, and a fast password hasher."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-{uuid.uuid4()}",
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def post_login(client, username, password, address="203.0.113.7"):
    return client.post(
        "/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_reporter_locked_out_after_five_wrong_passwords_then_back_after_the_wait(
    personas, fresh_throttle
):
    """Someone guesses the Sở Y tế reporter's password: after 5 failures even the right one is
    refused for a minute, with a Vietnamese message; the wait doubles; after it, the right one
    logs in."""
    reporter = with_password(personas.reporter_soyte)
    client = Client()
    for _ in range(5):
        assert post_login(client, reporter.username, "sai-mat-khau").status_code == 200
    refused = post_login(client, reporter.username, PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 60
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút." in refused.content.decode()
    assert "_auth_user_id" not in client.session

    # The wait over, one more wrong password doubles it.
    later = time.time() + 61
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(throttle.time, "time", lambda: later)
        post_login(client, reporter.username, "van-sai")
        assert throttle.wait_seconds(throttle.account_key(reporter.username)) == 120
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(throttle.time, "time", lambda: later + 121)
        assert post_login(client, reporter.username, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(reporter.pk)
    # A success clears the account's count.
    assert throttle.wait_seconds(throttle.account_key(reporter.username)) == 0


def test_one_address_guessing_many_accounts_is_limited_too(personas, fresh_throttle):
    """One address tries 20 wrong passwords on many names: the Tài chính reporter, who never
    failed, cannot log in from it either; from another address they can."""
    other = with_password(personas.reporter_taichinh)
    client = Client()
    for number in range(20):
        post_login(client, f"khong-co-{number}", "sai", address="198.51.100.9")
    refused = post_login(client, other.username, PASSWORD, address="198.51.100.9")
    assert refused.status_code == 429
    assert "Vui lòng thử lại sau" in refused.content.decode()
    assert post_login(client, other.username, PASSWORD, address="198.51.100.10").status_code == 302


def test_admin_login_is_throttled_too(personas, fresh_throttle):
    admin = with_password(personas.admin)
    client = Client()
    for _ in range(5):
        client.post(
            "/quan-tri/login/",
            {"username": admin.username, "password": "sai"},
            REMOTE_ADDR="203.0.113.20",
        )
    refused = client.post(
        "/quan-tri/login/",
        {"username": admin.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.20",
    )
    assert "Vui lòng thử lại sau" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_the_proxy_the_address_is_the_last_forwarded_one(settings, rf):
    settings.BEHIND_HTTPS_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    assert throttle.client_address(request) == "203.0.113.5"
    settings.BEHIND_HTTPS_PROXY = False
    assert throttle.client_address(request) == "127.0.0.1"


@pytest.mark.parametrize(
    "weak,message",
    [
        ("dxtrack2026", "quá phổ biến"),
        ("thainguyen", "quá phổ biến"),
        ("Thainguyen@2026", "quá phổ biến"),
        ("matkhau123", "quá phổ biến"),
        ("anhyeuem", "quá ngắn"),
        ("1234567890123", "chỉ gồm chữ số"),
        ("password12345", "quá phổ biến"),
    ],
)
def test_admin_choosing_a_weak_password_is_refused_in_vietnamese(personas, weak, message):
    """The administrator sets a new officer's password: common Vietnamese ones are refused."""
    with pytest.raises(ValidationError) as refused:
        validate_password(weak, personas.reporter_commune)
    assert any(message in text for text in refused.value.messages), refused.value.messages


def test_a_password_like_the_username_is_refused(personas):
    with pytest.raises(ValidationError, match="quá giống thông tin"):
        validate_password("reporter-soyte-t1", personas.reporter_soyte)


def test_a_good_password_passes(personas):
    validate_password("Nuoc-chay-da-mon-2026", personas.reporter_soyte)


def test_changepassword_refuses_a_weak_one_in_the_admin(personas, client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(personas.admin)
    user = personas.reporter_commune
    response = client.post(
        f"/quan-tri/auth/user/{user.pk}/password/",
        {"password1": "thainguyen", "password2": "thainguyen"},
    )
    assert response.status_code == 200
    assert "quá phổ biến" in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password("thainguyen")


def test_demo_accounts_keep_their_demo_password(db, settings, tmp_path):
    """`dxtrack demo` sets "demo" with set_password, which the validators do not run on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    Command().create_accounts()
    assert get_user_model().objects.get(username="coordinator").check_password("demo")


def test_coordinator_idle_past_the_timeout_is_logged_out(personas, client, settings):
    """The coordinator leaves the page open for 31 minutes: the next request is anonymous."""
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(personas.coordinator)
    assert client.get("/bao-cao/").status_code == 200
    session = client.session
    session[SESSION_SEEN_AT] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/bao-cao/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_after_its_absolute_lifetime(personas, client, settings):
    settings.SESSION_COOKIE_AGE = 12 * 3600
    client.force_login(personas.coordinator)
    client.get("/")
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - 12 * 3600 - 1
    session[SESSION_SEEN_AT] = int(time.time()) - 5
    session.save()
    client.get("/")
    assert "_auth_user_id" not in client.session


def test_activity_renews_the_idle_clock(personas, client):
    client.force_login(personas.coordinator)
    client.get("/")
    session = client.session
    session[SESSION_SEEN_AT] = int(time.time()) - 20 * 60
    session.save()
    assert client.get("/bao-cao/").status_code == 200
    assert client.session[SESSION_SEEN_AT] >= int(time.time()) - 5
    assert "_auth_user_id" in client.session


def test_session_lifetimes_are_settings():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_reporter_posting_an_expired_form_gets_a_vietnamese_page_with_what_they_typed(
    personas,
):
    """The Sở Y tế reporter's form sat open past a re-login: the CSRF check fails. The page is
    the site's own, in Vietnamese, links back, and shows the note typed (not the password)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.reporter_soyte)
    response = client.post(
        "/bao-cao/",
        {"note": "Số liệu quý 2 đã kiểm tra", "password": "bi-mat"},
        HTTP_REFERER="http://testserver/bao-cao/ky/1/",
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page
    assert 'class="top"' in page  # the site's header: base.html
    assert "Số liệu quý 2 đã kiểm tra" in page
    assert "bi-mat" not in page
    assert 'href="http://testserver/bao-cao/ky/1/"' in page
    assert "CSRF verification failed" not in page


def test_csrf_page_never_links_to_another_site(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "x"}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


def test_management_check_still_passes():
    call_command("check")
