"""Reports for supervisors and admins (PROTOCOL.md section 8): one row of facts per
conversation (facts), the figures made of them (summary), and the CSV export (export)."""
