"""Account pages and emails in the portal's own words: plain British English, sentence case,
the portal's name and address in every email, and a signup that is held back by a rate limit
saying so."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.urls import reverse

from socialjustice.models import OutgoingEmail
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# allauth's defaults, none of which may reach a person: Title Case, American spelling,
# long words where short ones do.
FORBIDDEN = [
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Signup",
    "Remember Me",
    "Request Code",
    "Forgot your password",
    "Password Reset",
    "Reset My Password",
    "Change Password",
    "Set Password",
    "Current Password",
    "New Password",
    "Email Address",
    "Email Addresses",
    "Make Primary",
    "Re-send",
    "Verify Your",
    "Enter Sign-In",
    "Sign-In Code",
    "Please Confirm",
    "Confirm Access",
    "Bad Token",
    "E-mail",
    "e-mail",
    "finalize",
    "initiate",
    "reauthenticate",
    "Successfully",
    "Hello from",
    "Thank you for using",
    "Confirmation email sent",
    "Too Many Requests",
    "listed below",
    "user account",
    "password forgotten procedure",
]
AMERICAN = re.compile(r"\b\w+(iz(e|es|ed|ing|ation))\b|\bcolor\b|\bcenter\b|\blicense\b")
SITE = "Partnerships for Social Justice"


def main_text(response) -> str:
    """What a person reads on the page: its title and main part, without the markup."""
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join((title + " " + re.sub(r"<[^>]+>", " ", main)).split())


def assert_plain(text: str):
    assert [word for word in FORBIDDEN if word in text] == []
    assert AMERICAN.findall(text) == []


def one_h1(response) -> str:
    [heading] = re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return " ".join(heading.split())


def emails(kind):
    return list(OutgoingEmail.objects.filter(kind=f"account.{kind}").order_by("pk"))


ANONYMOUS_PAGES = {
    "account_login": "Sign in",
    "account_signup": "Create an account",
    "account_reset_password": "Reset your password",
    "account_reset_password_done": "Check your email",
    "account_request_login_code": "Sign in with a code",
    "account_email_verification_sent": "Check your email",
}
SIGNED_IN_PAGES = {
    "account_email": "Your email addresses",
    "account_change_password": "Change your password",
    "account_logout": "Sign out",
}


@pytest.mark.parametrize(("name", "heading"), ANONYMOUS_PAGES.items())
def test_account_pages_for_visitors_are_in_plain_words(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert one_h1(response) == heading
    assert_plain(main_text(response))


@pytest.mark.parametrize(("name", "heading"), SIGNED_IN_PAGES.items())
def test_account_pages_for_people_signed_in_are_in_plain_words(client, name, heading):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert one_h1(response) == heading
    assert_plain(main_text(response))


def test_sign_in_form_labels_are_in_sentence_case(client):
    page = main_text(client.get(reverse("account_login")))
    assert "Keep me signed in on this device" in page
    assert "Forgotten your password?" in page


def test_choosing_a_password_without_one_is_in_plain_words(client):
    person = UserFactory()
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    response = client.get(reverse("account_change_password"), follow=True)
    assert one_h1(response) == "Choose a password"
    assert_plain(main_text(response))


def test_sign_up_email_says_who_sent_it_and_how_to_confirm(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Wendy Bottero",
            "email": "wendy@example.org",
            "password1": "a-sense-of-inequality",
            "password2": "a-sense-of-inequality",
        },
        follow=True,
    )

    assert one_h1(response) == "Check your email"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "We have sent an email to wendy@example.org. Open the link in it to confirm the address."
    ]
    [email] = emails("email_confirmation_signup")
    assert email.to == "wendy@example.org"
    assert email.subject == f"Confirm your email address for {SITE}"
    link = re.search(r"http://testserver/accounts/confirm-email/\S+/", email.body_text).group(0)
    assert email.body_text == (
        "Hello,\n\n"
        f"Thank you for creating an account on {SITE}.\n\n"
        "To confirm that this email address is yours, open this link:\n\n"
        f"{link}\n\n"
        "Then your account is ready.\n\n"
        "If you did not create an account, you can ignore this email: without the "
        "confirmation, the account cannot be used.\n\n"
        f"From {SITE}\nhttp://testserver"
    )
    assert f'<a href="{link}">' in email.body_html
    assert_plain(email.subject + email.body_text)

    confirm = client.get(link)
    assert one_h1(confirm) == "Confirm your email address"
    assert_plain(main_text(confirm))


def test_signing_up_again_within_minutes_says_no_second_email_was_sent(client):
    form = {
        "display_name": "Wendy Bottero",
        "email": "wendy@example.org",
        "password1": "a-sense-of-inequality",
        "password2": "a-sense-of-inequality",
    }
    client.post(reverse("account_signup"), form)
    list(get_messages(client.get(reverse("home")).wsgi_request))  # read the first message

    again = client.post(reverse("account_signup"), form, follow=True)

    assert one_h1(again) == "Check your email"
    assert [str(m) for m in get_messages(again.wsgi_request)] == [
        "We have not sent another email: we sent one to this address less than 3 minutes "
        "ago. Use the link in that email, or wait 3 minutes and try again."
    ]
    assert len(emails("email_confirmation_signup")) == 1
    assert emails("account_already_exists") == []


def test_sign_up_with_an_address_that_has_an_account_emails_that_address(client):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone",
            "email": "taken@example.org",
            "password1": "a-sense-of-inequality",
            "password2": "a-sense-of-inequality",
        },
        follow=True,
    )
    # The page says the same as for a new address: it never shows that one is taken.
    assert one_h1(response) == "Check your email"
    [email] = emails("account_already_exists")
    assert email.subject == f"You have an account on {SITE} already"
    assert "http://testserver/accounts/password/reset/" in email.body_text
    assert email.body_text.startswith("Hello,\n\nSomeone tried to create an account on " + SITE)
    assert_plain(email.subject + email.body_text)


def test_signups_over_the_limit_get_a_plain_page_saying_when_to_try_again(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    form = {"display_name": "A", "email": "a@example.org", "password1": "x", "password2": "y"}
    client.post(reverse("account_signup"), form)

    response = client.post(reverse("account_signup"), form)

    assert response.status_code == 429
    assert one_h1(response) == "Too many tries in a short time"
    text = main_text(response)
    assert "Nothing was sent or saved this time. Wait a minute, then go back and send the form" in (
        text
    )
    assert_plain(text)


def test_password_reset_email_and_pages(client):
    UserFactory(email="ghazala@example.org")
    response = client.post(
        reverse("account_reset_password"), {"email": "ghazala@example.org"}, follow=True
    )
    assert one_h1(response) == "Check your email"
    [email] = emails("password_reset_key")
    assert email.subject == f"Reset your password for {SITE}"
    link = re.search(r"http://testserver/accounts/password/reset/key/\S+/", email.body_text)
    assert email.body_text.startswith(
        f"Hello,\n\nSomeone asked to reset the password of your account on {SITE}. If it was "
        "you, open this link to choose a new password:\n\n"
    )
    assert email.body_text.endswith(f"From {SITE}\nhttp://testserver")
    assert_plain(email.subject + email.body_text)

    choose = client.get(link.group(0), follow=True)
    assert one_h1(choose) == "Choose a new password"
    assert "New password (again)" in main_text(choose)
    assert_plain(main_text(choose))
    broken = client.get("/accounts/password/reset/key/1-not-a-real-key/", follow=True)
    assert one_h1(broken) == "This link does not work"
    assert_plain(main_text(broken))


def test_password_reset_for_an_unknown_address_says_there_is_no_account(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    [email] = emails("unknown_account")
    assert email.subject == f"No account with this address on {SITE}"
    assert "We have no account with this address." in email.body_text
    assert "http://testserver/accounts/signup/" in email.body_text
    assert_plain(email.subject + email.body_text)


def test_sign_in_code_email_and_page(client):
    UserFactory(email="arkadiusz@example.org")
    response = client.post(
        reverse("account_request_login_code"), {"email": "arkadiusz@example.org"}, follow=True
    )
    assert one_h1(response) == "Type your sign-in code"
    assert "the email we sent to <strong>arkadiusz@example.org</strong>. It works" in (
        response.content.decode()
    )
    assert "mailto:" not in response.content.decode()
    assert_plain(main_text(response))
    [email] = emails("login_code")
    assert email.subject == f"Your sign-in code for {SITE}"
    code = re.search(r"Your sign-in code is:\s+(\S+)", email.body_text).group(1)
    assert email.body_text == (
        "Hello,\n\nYour sign-in code is:\n\n"
        f"{code}\n\n"
        "Type it on the page that asked for it, in the same browser. It works for a few "
        "minutes only.\n\n"
        "If you did not ask for a code, you can ignore this email: nobody can sign in without "
        f"it.\n\nFrom {SITE}\nhttp://testserver"
    )


def test_adding_an_address_emails_it_a_link_in_plain_words(client):
    person = UserFactory(display_name="Daniel Edmiston")
    client.force_login(person)
    client.post(reverse("account_email"), {"email": "daniel@work.example.org", "action_add": ""})
    [email] = emails("email_confirmation")
    assert email.to == "daniel@work.example.org"
    assert email.subject == f"Confirm your email address for {SITE}"
    assert f"has added this email address to their account on {SITE}." in email.body_text
    assert_plain(email.subject + email.body_text)
    assert EmailAddress.objects.filter(email="daniel@work.example.org", verified=False).exists()


def test_wrong_password_and_too_many_tries_are_in_plain_words(client):
    UserFactory(email="target@example.org")
    attempt = {"login": "target@example.org", "password": "guess"}
    for _ in range(5):
        response = client.post(reverse("account_login"), attempt)
        assert "The email address or the password is not right." in response.content.decode()

    response = client.post(reverse("account_login"), attempt)

    assert "Too many tries for this email address. Wait 5 minutes, then try again." in (
        response.content.decode()
    )
    assert client.login(email="target@example.org", password=PASSWORD)
