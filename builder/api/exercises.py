"""The exercises entries can refer to (read-only until the exercise library lands)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from builder.api.programs import Pages
from builder.api.schema import PAGE_PARAMETERS, PROBLEMS, paginated
from projections import queries


class ExerciseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ExerciseListApi(APIView):
    @extend_schema(
        operation_id="list_exercises",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(ExerciseSerializer, "ExercisePage"), **PROBLEMS},
    )
    def get(self, request):
        pages = Pages()
        page = pages.paginate_queryset(queries.exercises(), request, view=self)
        return pages.get_paginated_response([{"id": str(e.id), "name": e.name} for e in page])
