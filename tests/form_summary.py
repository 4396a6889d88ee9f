"""Reading the error summary a rejected form shows on top (templates/_form_errors.html), as a person would."""

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    heading: str
    links: list[str]  # the ids the entries link to, in order
    entries: list[str]  # every entry's text

    def count(self) -> int:
        return len(self.entries)


def error_summary(body: str) -> Summary:
    """The page's error summary; fails when there is none, when it is not focusable and announced, when an entry
    links to an element the page does not have, or when its heading's count is not the number of entries."""
    found = re.search(r'<div class="error-summary" id="form-errors"([^>]*)>(.*?)</div>', body, re.S)
    assert found, "the page has no error summary"
    attributes, inside = found.groups()
    assert 'role="alert"' in attributes and 'tabindex="-1"' in attributes
    rest_of_form = body[body.index('id="form-errors"'):].split("</form>")[0]
    assert 'type="submit"' in rest_of_form, "the summary sits on top of its form, before the form's button"
    heading = _text(re.search(r"<h2[^>]*>(.*?)</h2>", inside, re.S).group(1))
    links = re.findall(r'<a href="#([^"]+)"', inside)
    entries = [_text(item) for item in re.findall(r"<li>(.*?)</li>", inside, re.S)]
    for target in links:
        assert f'id="{target}"' in body, f"the summary links to #{target}, which the page does not have"
    assert str(len(entries)) in heading, (heading, entries)
    return Summary(heading=heading, links=links, entries=entries)


def has_error_summary(body: str) -> bool:
    return 'id="form-errors"' in body


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

