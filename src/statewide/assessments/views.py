"""Pages of the where-to-begin quiz: the quiz, its result behind a share link, and the result as PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from statewide.assessments import services
from statewide.assessments.charts import profile_chart
from statewide.assessments.forms import QuizForm
from statewide.assessments.instruments import instrument_current, instrument_texts
from statewide.assessments.results import localize_result
from statewide.assessments.selectors import quiz_result_get
from statewide.core.errors import ApplicationError
from statewide.core.http import client_address
from statewide.core.pdf import pdf_render


@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest) -> HttpResponse:
    instrument = instrument_current()
    form = QuizForm(instrument, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.quiz_result_create(
                actor=request.user,
                instrument=instrument,
                answers=form.answers(),
                jurisdiction=form.cleaned_data.get("jurisdiction") or None,
                client_key=client_address(request),
            )
            return redirect("assessments:result", token=result.token)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            for messages in exc.fields.values():
                for message in messages:
                    form.add_error(None, message)
    status = 400 if request.method == "POST" else 200
    ctx = {"form": form, "instrument": instrument, "texts": instrument_texts(instrument)}
    return TemplateResponse(request, "assessments/quiz.html", ctx, status=status)


def _context(request: HttpRequest, token: str) -> dict[str, object]:
    result = quiz_result_get(token)
    data = localize_result(result.result)
    return {
        "result": result,
        "data": data,
        "chart": profile_chart(data),
        "share_url": request.build_absolute_uri(reverse("assessments:result", args=[result.token])),
    }


def result(request: HttpRequest, token: str) -> HttpResponse:
    response = TemplateResponse(request, "assessments/result.html", _context(request, token))
    response["X-Robots-Tag"] = "noindex"  # private share links stay out of search engines
    return response


def result_pdf(request: HttpRequest, token: str) -> HttpResponse:
    pdf = pdf_render("assessments/result_pdf.html", _context(request, token), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="statewide-where-to-begin.pdf"'
    response["X-Robots-Tag"] = "noindex"
    return response
