//! `GET /healthz`: the service is up (and, with a database, the database answers).

use actix_web::HttpResponse;

/// Reports that the service is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}
