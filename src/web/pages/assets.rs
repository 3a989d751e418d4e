//! The built front-end files under `assets/`, embedded in the binary and served with long-lived
//! caching (their content only changes with a new release).

use actix_web::{HttpResponse, web};

const FILES: [(&str, &str, &[u8]); 6] = [
    (
        "section50.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../assets/section50.css"),
    ),
    (
        "govuk-frontend.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/govuk-frontend.min.js"),
    ),
    (
        "init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/init.js"),
    ),
    (
        "authority-search.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/authority-search.js"),
    ),
    (
        "notice-editor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/notice-editor.js"),
    ),
    (
        "images/favicon.svg",
        "image/svg+xml",
        include_bytes!("../../../assets/images/favicon.svg"),
    ),
];

/// `GET /assets/{path}`.
pub async fn serve(path: web::Path<String>) -> HttpResponse {
    match FILES.iter().find(|(name, _, _)| *name == path.as_str()) {
        Some((_, content_type, bytes)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header(("Cache-Control", "public, max-age=86400"))
            .body(*bytes),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such asset\n"),
    }
}
