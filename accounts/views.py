from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import phone, selectors, services
from accounts.forms import (
    InviteForm,
    LanguageForm,
    PhoneCodeForm,
    PhoneForm,
    ProfileForm,
    StartupForm,
)
from accounts.models import Startup, StartupInvitation
from accounts.privacy_forms import DeleteAccountForm, PrivacyRequestForm
from core.exceptions import DomainError
from core.privacy import held_about


def _safe_next(request) -> str | None:
    """The ?next= / next field, only when it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


@require_POST
def set_language(request):
    """The language switcher of signed-in people: saved on the profile, and in a cookie."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(_safe_next(request) or "/")
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.set_language(request.user, language=language)
        _remember_language(response, language)
    return response


@never_cache
@require_GET
def switch_language(request, language: str):
    """The visitors' language switch: a plain link, so public pages carry no form and no
    CSRF token and can be kept in the cache (core.page_cache). Remembered in a cookie only:
    a signed-in person's saved language still wins (their switch is the form above)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponseRedirect(_safe_next(request) or "/")
    _remember_language(response, language)
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            request.user,
            actor=request.user,
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def phone_number(request):
    """The mobile number for KakaoTalk/SMS: give it (with consent) and get a code, or verify."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone.request_phone_code(
                request.user,
                phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"],
                kakao_opt_in=form.cleaned_data["kakao_opt_in"],
            )
        except DomainError as error:
            form.add_error("phone", error.message)
        else:
            messages.success(request, _("We have sent a code by text message."))
            return redirect("accounts:phone")
    return render(
        request,
        "accounts/phone.html",
        {"form": form, "code_form": PhoneCodeForm(), "person": request.user},
    )


@login_required
@require_POST
def phone_verify(request):
    form = PhoneCodeForm(request.POST)
    if form.is_valid():
        try:
            phone.confirm_phone_code(request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Your mobile number is verified."))
            return redirect("accounts:phone")
    return render(
        request,
        "accounts/phone.html",
        {"form": PhoneForm(), "code_form": form, "person": request.user},
        status=400,
    )


@login_required
@require_POST
def phone_remove(request):
    phone.remove_phone(request.user)
    messages.success(request, _("Your mobile number has been removed."))
    return redirect("accounts:phone")


@login_required
def startup_list(request):
    startups = selectors.startups_of(request.user)
    return render(request, "accounts/startup_list.html", {"startups": startups})


@login_required
def startup_create(request):
    form = StartupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        startup = services.create_startup(
            founder=request.user,
            data=form.startup_data(),
            therapeutic_areas=form.cleaned_data["therapeutic_areas"],
        )
        messages.success(request, _("Your startup profile has been created."))
        return redirect(_safe_next(request) or startup)
    return render(request, "accounts/startup_form.html", {"form": form, "creating": True})


def _startup_for(request, pk: int, permission: str):
    """The startup, or 404 for anyone without `permission` on it (no hint that it exists)."""
    startup = get_object_or_404(Startup, pk=pk)
    if not request.user.has_perm(permission, startup):
        raise Http404
    return startup


@login_required
def startup_detail(request, pk: int):
    startup = _startup_for(request, pk, "accounts.see_startup_profile")
    return render(
        request,
        "accounts/startup_detail.html",
        {
            "startup": startup,
            "memberships": startup.memberships.select_related("user"),
            "invitations": startup.invitations.filter(accepted_at__isnull=True),
            "invite_form": InviteForm(),
            "can_invite": request.user.has_perm("accounts.invite_cofounder", startup),
        },
    )


@login_required
def startup_edit(request, pk: int):
    startup = _startup_for(request, pk, "accounts.edit_startup_profile")
    form = StartupForm(request.POST or None, instance=startup)
    if request.method == "POST" and form.is_valid():
        services.update_startup(
            startup,
            actor=request.user,
            data=form.startup_data(),
            therapeutic_areas=form.cleaned_data["therapeutic_areas"],
        )
        messages.success(request, _("Your startup profile has been saved."))
        return redirect(startup)
    return render(request, "accounts/startup_form.html", {"form": form, "startup": startup})


@login_required
@require_POST
def startup_invite(request, pk: int):
    startup = _startup_for(request, pk, "accounts.invite_cofounder")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(startup, actor=request.user, email=form.cleaned_data["email"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
    else:
        messages.error(request, _("Please enter a valid email address."))
    return redirect(startup)


def invitation(request, token: str):
    invitation = get_object_or_404(StartupInvitation.objects.select_related("startup"), token=token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            services.accept_invitation(invitation, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(
            request,
            _("You have joined %(startup)s.") % {"startup": invitation.startup.name_display},
        )
        return redirect(invitation.startup)
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
def my_data(request):
    """What the platform holds about me, by category, purpose and retention (PIPA Art. 35)."""
    return render(
        request,
        "accounts/my_data.html",
        {"categories": selectors.personal_data_by_category(request.user)},
    )


@login_required
@reauthentication_required
def my_data_export(request):
    """Everything registered as personal that has a value for me, as JSON (PIPA Art. 35-2).

    Behind allauth's re-authentication: a left-open session cannot take the data away.
    """
    payload = {
        "person": request.user.email,
        "exported_at": timezone.now().isoformat(),
        "data": held_about(request.user),
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required(allow_get=True)
def my_data_request(request):
    """Ask for a correction, a deletion, a stop or the withdrawal of the BMS consent."""
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.submit_privacy_request(
            request.user, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
        )
        messages.success(request, _("Your request was sent. The programme answers within 10 days."))
        return redirect("my_data")
    return render(
        request,
        "accounts/my_data_request.html",
        {"form": form, "requests": selectors.privacy_requests_of(request.user)},
    )


@login_required
@reauthentication_required(allow_get=True)
def delete_account(request):
    """Explained first (GET), then done (POST) when nothing must be kept."""
    blockers = selectors.account_deletion_blockers(request.user)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.delete_account(request.user, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("my_data")
        logout(request)
        messages.success(request, _("Your account has been deleted. A confirmation was emailed."))
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form, "blockers": blockers})
