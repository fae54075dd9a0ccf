"""The HTML pages Jenkins (and a reverse proxy) send instead of JSON."""

from __future__ import annotations

import html


def jetty_error(status: int, reason: str, uri: str, message: str | None = None) -> bytes:
    """The servlet container's error page (401 bad credentials, 403 bad crumb)."""
    msg = html.escape(message or reason)
    return (
        "<html>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n'
        f"<title>Error {status} {msg}</title>\n</head>\n"
        f"<body><h2>HTTP ERROR {status} {msg}</h2>\n<table>\n"
        f"<tr><th>URI:</th><td>{html.escape(uri)}</td></tr>\n"
        f"<tr><th>STATUS:</th><td>{status}</td></tr>\n"
        f"<tr><th>MESSAGE:</th><td>{msg}</td></tr>\n"
        "<tr><th>SERVLET:</th><td>Stapler</td></tr>\n</table>\n"
        '<hr/><a href="https://jetty.org/">Powered by Jetty:// 12.1.5</a><hr/>\n\n'
        "</body>\n</html>\n"
    ).encode("latin-1", "replace")


def login_required(context: str, from_uri: str) -> bytes:
    """``HudsonAuthenticationEntryPoint``'s 403 "Authentication required" page."""
    from urllib.parse import quote

    target = f"{context}/login?from={quote(from_uri, safe='')}"
    body = (
        f"<html><head><meta http-equiv='refresh' content='1;url={target}'/>"
        f"<script>window.location.replace('{target}');</script></head>"
        "<body style='background-color:white; color:white;'>\n\n\n"
        "Authentication required\n<!--\nYou are authenticated as: anonymous\n"
        "Groups that you are in:\n  \n"
        "Permission you need to have (but didn't): hudson.model.Hudson.Read\n"
        " ... which is implied by: hudson.security.Permission.GenericRead\n"
        " ... which is implied by: hudson.model.Hudson.Administer\n-->\n\n</body></html>"
    )
    return (body + " " * 300).encode("utf-8")


def jenkins_page(title: str, message: str, crumb_field: str = "Jenkins-Crumb") -> bytes:
    """A (much shortened) Jenkins page such as "Not Found - Jenkins" or an error message."""
    t = html.escape(title)
    return (
        "<!DOCTYPE html><html class=''><head resURL='/static/emulator' "
        f"data-crumb-header='{crumb_field}' data-crumb-value=''>"
        f"<title>{t} - Jenkins</title></head><body id='jenkins'>"
        f"<div id='main-panel'><h1>{t}</h1><p>{html.escape(message)}</p></div></body></html>"
    ).encode()


def not_found() -> bytes:
    """The "Not Found" page."""
    return jenkins_page("Not Found", "Oops! This page does not exist.")


def retry_post(url: str) -> bytes:
    """CrumbFilter ``retry.jelly``: the 405 page for GET on a POST-only method."""
    u = html.escape(url)
    return (
        "<!DOCTYPE html><html><head><title>Jenkins</title></head><body>"
        "<h1>This URL requires POST</h1><p>The URL you're trying to access requires that requests "
        "be sent using POST (like a form submission). The button below allows you to retry "
        f"accessing this URL using POST.</p><form method='POST' action='{u}'>"
        "<input type='submit' value='Proceed'/></form></body></html>"
    ).encode()


def oops(message: str) -> bytes:
    """The 500 "Oops!" page with a (fake) stack trace."""
    m = html.escape(message)
    return (
        "<!DOCTYPE html><html><head><title>Jenkins [Jenkins]</title></head><body>"
        "<h1>Oops!</h1><div id='error-description'><h2>A problem occurred while processing "
        f"the request</h2><pre><code>java.lang.IllegalArgumentException: {m}\n"
        "\tat hudson.model.ParametersDefinitionProperty._doBuild(ParametersDefinitionProperty.java)"
        "\n</code></pre></div></body></html>"
    ).encode()


def restarting(starting: bool, safe: bool = False) -> bytes:
    """``HudsonIsLoading`` ("Starting Jenkins") / ``HudsonIsRestarting`` ("Restarting Jenkins")
    ``index.jelly``: 503, no Retry-After; ``loading.js`` reloads the page when Jenkins is ready."""
    title = "Starting Jenkins" if starting else "Restarting Jenkins"
    spinner = "Jenkins is getting ready to work" if starting else "Jenkins is restarting"
    note = (
        "<div class='safe-restarting'><p><strong>Safe Restart</strong></p>"
        "<p>Builds on agents can usually continue.</p></div>"
        if safe and not starting
        else ""
    )
    return (
        "<!DOCTYPE html><html lang='en'><head data-rooturl='' data-resurl='/static/emulator'>"
        f"<title>{title}</title><meta name='ROBOTS' content='NOFOLLOW'/></head><body>"
        "<div class='simple-page' role='main'><div class='app-jenkins-booting'>"
        f"<h1 class='loading'><span class='jenkins-spinner'>{spinner}</span></h1>"
        "<p class='restarting'>Your browser will reload automatically when Jenkins is ready.</p>"
        f"{note}</div></div><script src='/static/emulator/scripts/loading.js' "
        "type='text/javascript'></script></body></html>"
    ).encode()


def proxy_error(status: int, reason: str) -> bytes:
    """An nginx-style error page, as a reverse proxy in front of Jenkins sends."""
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx/1.27.5</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode("ascii")
