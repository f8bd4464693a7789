"""Health for load balancers and monitoring: the database, the broker, the queue."""

from typing import Any

from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.jobs import BrokerState, broker_state


class HealthSerializer(serializers.Serializer[dict[str, Any]]):
    ok = serializers.BooleanField()
    database = serializers.BooleanField(help_text="The database answered a query.")
    broker = serializers.ChoiceField(
        choices=["none", "reachable", "unreachable"],
        help_text="none when CELERY_BROKER_URL is unset (imports run inline).",
    )
    queue_depth = serializers.IntegerField(
        allow_null=True, help_text="Import tasks waiting for a worker; null without a broker."
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _broker_word(broker: BrokerState) -> str:
    if not broker.configured:
        return "none"
    return "reachable" if broker.reachable else "unreachable"


class HealthView(APIView):
    """200 when the database answers and the broker (if one is configured) too; 503 if
    not. Open to anonymous clients: it tells counts and states, nothing of the data."""

    permission_classes = [permissions.AllowAny]
    throttle_classes: list[type] = []

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request: Request) -> Response:
        broker = broker_state()
        database = _database_answers()
        ok = database and (not broker.configured or broker.reachable)
        data = HealthSerializer(
            {
                "ok": ok,
                "database": database,
                "broker": _broker_word(broker),
                "queue_depth": broker.queue_depth,
            }
        ).data
        return Response(
            data, status=status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE
        )
