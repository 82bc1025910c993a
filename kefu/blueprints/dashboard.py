"""Pages: the agent dashboard, the admin console, the reports, the demo site with the
widget, the widget loader. The admin and reports pages check nothing themselves: every
figure and setting they show comes from the API, which enforces the roles."""

from flask import Blueprint, current_app, redirect, render_template, send_from_directory

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def demo_site():
    """A sample customer website with the chat widget embedded by one script tag (with the
    demo logins: development only; elsewhere `/` leads to the dashboard)."""
    if current_app.config["ENV_NAME"] != "development":
        return redirect("/dashboard")
    return render_template("demo.html")


@bp.get("/dashboard")
def agent_dashboard():
    """The agent dashboard (login, queue, conversations)."""
    return render_template("dashboard.html")


@bp.get("/admin")
def admin_console():
    """The admin console: agents, skill groups, widget and routing settings, business
    hours, API keys, team canned responses, the audit log (admin role)."""
    return render_template("admin.html")


@bp.get("/reports")
def reports_page():
    """The reports: figures, charts and the CSV export (supervisor and admin roles)."""
    return render_template("reports.html")


@bp.get("/widget.js")
def widget_loader():
    """The one script a website embeds; it opens the widget in an iframe."""
    response = send_from_directory(current_app.static_folder, "widget/loader.js")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/widget")
def widget_frame():
    """The widget app that the loader shows in its iframe."""
    return render_template("widget.html")
