//! `GET /healthz`: the service is up, the database answers and accepts writes.

use super::AppState;
use actix_web::{HttpResponse, web};

/// Reports whether the database is reachable and writable: 200 `"database": "ok"`, else 503
/// with `"unreachable"` or `"read_only"` (writes would be refused with 503 too).
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let database = web::block(move || {
        let Ok(mut conn) = pool.get() else {
            return "unreachable";
        };
        match crate::db::writable(&mut conn) {
            Ok(true) => "ok",
            Ok(false) => "read_only",
            Err(_) => "unreachable",
        }
    })
    .await
    .unwrap_or("unreachable");
    if database == "ok" {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "60"))
            .json(serde_json::json!({ "status": "unavailable", "database": database }))
    }
}
