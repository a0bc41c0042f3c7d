"""The exercises entries can refer to (read-only until the exercise library lands)."""

from rest_framework.views import APIView

from builder.api.programs import Pages
from projections import queries


class ExerciseListApi(APIView):
    def get(self, request):
        pages = Pages()
        page = pages.paginate_queryset(queries.exercises(), request, view=self)
        return pages.get_paginated_response([{"id": str(e.id), "name": e.name} for e in page])
