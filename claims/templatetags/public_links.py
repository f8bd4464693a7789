"""Links between the public pages: `{{ claim|verdict_path }}`, `{{ speaker|speaker_path }}`."""

from django import template

from claims import links

register = template.Library()
register.filter("verdict_path", links.verdict_path)
register.filter("speaker_path", links.speaker_path)
