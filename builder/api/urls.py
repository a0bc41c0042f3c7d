"""The HTTP API's routes (the README's "The API" lists them)."""

from django.urls import path

from builder.api import (
    assignments,
    audit,
    auth,
    docs,
    exercises,
    health,
    links,
    privacy,
    program_past,
    programs,
    projection_status,
    tree,
    users,
)

P = "api/programs/<uuid:program_id>"
E = "api/exercises/<uuid:exercise_id>"
L = "api/links/<uuid:link_id>"
A = "api/assignments/<uuid:assignment_id>"
LEVELS = {"weeks": tree.WEEK, "days": tree.DAY, "groups": tree.GROUP, "entries": tree.ENTRY}

urlpatterns = [
    path("healthz", health.healthz),
    path("readyz", health.readyz),
    path("api/auth/csrf/", auth.CsrfApi.as_view()),
    path("api/auth/login/", auth.LoginApi.as_view()),
    path("api/auth/logout/", auth.LogoutApi.as_view()),
    path("api/auth/token/", auth.TokenApi.as_view()),
    path("api/auth/me/", auth.MeApi.as_view()),
    path("api/auth/register/", auth.RegisterApi.as_view()),
    path("api/auth/password/", auth.PasswordApi.as_view()),
    path("api/auth/password/reset/", auth.PasswordResetApi.as_view()),
    path("api/auth/password/reset/confirm/", auth.PasswordResetConfirmApi.as_view()),
    path("api/admin/users/", users.UserCollectionApi.as_view()),
    path("api/admin/users/<uuid:user_id>/roles/", users.UserRolesApi.as_view()),
    path("api/admin/users/<uuid:user_id>/export/", privacy.UserExportApi.as_view()),
    path("api/admin/users/<uuid:user_id>/erase/", privacy.UserErasureApi.as_view()),
    path("api/me/export/", privacy.MyExportApi.as_view()),
    path("api/audit/events/", audit.AuditEventsApi.as_view()),
    path("api/audit/verify/", audit.AuditVerificationApi.as_view()),
    path("api/projections/", projection_status.ProjectionCollectionApi.as_view()),
    path("api/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/docs/", docs.SwaggerDocsView.as_view(url_name="schema"), name="docs"),
    path("api/exercises/", exercises.ExerciseCollectionApi.as_view()),
    path(f"{E}/", exercises.ExerciseDocumentApi.as_view()),
    path(f"{E}/translations/<str:locale>/", exercises.ExerciseTranslationApi.as_view()),
    path(f"{E}/media/", exercises.ExerciseMediaCollectionApi.as_view()),
    path(f"{E}/media/<uuid:media_id>/", exercises.ExerciseMediaApi.as_view()),
    path(f"{E}/media/<uuid:media_id>/primary/", exercises.ExerciseMediaPrimaryApi.as_view()),
    path(f"{E}/archive/", exercises.ExerciseArchiveApi.as_view()),
    path(f"{E}/merge/", exercises.ExerciseMergeApi.as_view()),
    path("api/links/", links.LinkCollectionApi.as_view()),
    path(f"{L}/", links.LinkDocumentApi.as_view()),
    path(f"{L}/accept/", links.LinkAcceptApi.as_view()),
    path(f"{L}/decline/", links.LinkDeclineApi.as_view()),
    path(f"{L}/end/", links.LinkEndApi.as_view()),
    path(f"{L}/consents/", links.LinkConsentsApi.as_view()),
    path(f"{L}/consents/<str:purpose>/", links.LinkConsentApi.as_view()),
    path("api/athletes/", assignments.AthleteListApi.as_view()),
    path("api/assignments/", assignments.AssignmentCollectionApi.as_view()),
    path(f"{A}/", assignments.AssignmentDocumentApi.as_view()),
    path(f"{A}/upgrade/", assignments.AssignmentUpgradeApi.as_view()),
    path(f"{A}/cancel/", assignments.AssignmentCancelApi.as_view()),
    path(f"{A}/calendar/", assignments.AssignmentCalendarApi.as_view()),
    path("api/programs/", programs.ProgramCollectionApi.as_view()),
    path(f"{P}/", programs.ProgramDocumentApi.as_view()),
    path(f"{P}/publish/", programs.ProgramPublishApi.as_view()),
    path(f"{P}/archive/", programs.ProgramArchiveApi.as_view()),
    path(f"{P}/restore/", programs.ProgramRestoreApi.as_view()),
    path(f"{P}/fork/", programs.ProgramForkApi.as_view()),
    path(f"{P}/versions/", programs.ProgramVersionsApi.as_view()),
    path(f"{P}/versions/<int:number>/", programs.ProgramVersionApi.as_view()),
    path(f"{P}/history/", programs.ProgramHistoryApi.as_view()),
    path(f"{P}/state/", program_past.ProgramStateApi.as_view()),
    path(f"{P}/diff/", program_past.ProgramDiffApi.as_view()),
    path(f"{P}/weeks/<uuid:child_id>/duplicate/", tree.WeekDuplicateApi.as_view()),
]
for plural, level in LEVELS.items():
    collection, item, move = tree.level_views(level)
    urlpatterns += [
        path(f"{P}/{plural}/", collection.as_view()),
        path(f"{P}/{plural}/<uuid:child_id>/", item.as_view()),
        path(f"{P}/{plural}/<uuid:child_id>/move/", move.as_view()),
    ]
