from django.urls import path

from statewide.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/signin/", views.SignInView.as_view(), name="signin"),
    path("account/signout/", views.SignOutView.as_view(), name="signout"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("account/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("account/password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("account/password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/", views.account_page, name="account"),
    path("account/tokens/<uuid:public_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("organisations/<uuid:public_id>/members/", views.organisation_members_page, name="organisation_members"),
    path("memberships/<uuid:public_id>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("audit/", views.audit_page, name="audit"),
]
