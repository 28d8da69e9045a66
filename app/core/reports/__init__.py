"""Election documents as deterministic PDF bytes (reportlab, embedded WenQuanYi Micro Hei); no Qt."""
