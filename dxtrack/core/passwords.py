"""Password validators with Vietnamese messages (settings.AUTH_PASSWORD_VALIDATORS).

Django's own rules, with messages in the site's language, and a common-password list that adds
Vietnamese ones and this system's own names (vocab/common_passwords.txt) to Django's 20 000.
They apply wherever a password is chosen (the admin, `createsuperuser`, `changepassword`);
`set_password` does not run them, so `dxtrack demo` keeps its `demo` accounts.
"""

import re
from functools import cache
from pathlib import Path

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from dxtrack.core.text import fold

VIETNAMESE_LIST = Path(__file__).resolve().parent / "vocab" / "common_passwords.txt"
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _key(text: str) -> str:
    return fold(text).replace(" ", "")


@cache
def common_passwords() -> frozenset[str]:
    words = set(django_validation.CommonPasswordValidator().passwords)
    for line in VIETNAMESE_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(_key(line))
    return frozenset(words)


class CommonValidator:
    """Refuses a common password: as typed, or without the digits and signs around it."""

    def validate(self, password, user=None):
        key = _key(password)
        candidates = {key, password.lower().strip()}
        core = _EDGES.sub("", key)
        if len(core) >= 4:
            candidates.add(core)
        if candidates & common_passwords():
            raise ValidationError(
                gettext("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."),
                code="password_too_common",
            )

    def get_help_text(self):
        return gettext("Mật khẩu không được là mật khẩu phổ biến (như “matkhau”, “123456”).")


class LengthValidator(django_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                gettext("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return gettext("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length
        }


class SimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                gettext(
                    "Mật khẩu quá giống thông tin của tài khoản (tên đăng nhập, họ tên, thư điện tử)."
                ),
                code="password_too_similar",
            ) from None

    def get_help_text(self):
        return gettext("Mật khẩu không được giống thông tin cá nhân của bạn.")


class NumericValidator(django_validation.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError(
                gettext("Mật khẩu không được chỉ gồm chữ số."), code="password_entirely_numeric"
            )

    def get_help_text(self):
        return gettext("Mật khẩu không được chỉ gồm chữ số.")
