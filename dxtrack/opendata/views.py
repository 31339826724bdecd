"""Pages of the open data portal (filled in below)."""

from django.http import HttpResponse


def dataset_list(request):
    return HttpResponse("")


def method_page(request):
    return HttpResponse("")


def embed_program(request, pk):
    return HttpResponse("")


def embed_indicator(request, pk):
    return HttpResponse("")


def dataset_page(request, slug):
    return HttpResponse("")
