from django.shortcuts import redirect


def home(request):  # type: ignore[no-untyped-def]
    return redirect("evaluation:scorecard")
