"""The library's JSON endpoint: title suggestions while a teacher types."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from centers.library.suggestions import autocomplete_titles


@require_GET
def search_autocomplete(request):
    return JsonResponse({"titles": autocomplete_titles(request.GET.get("q", ""))})
